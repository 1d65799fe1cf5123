# lit configuration of hazardlint's tests (see lit.site.cfg.py.in).
import os
import lit.formats

config.name = "hazardlint"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".py", ".go", ".c", ".cpp", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)

# FileCheck, not and count come from llvm-19-tools.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
# The tests exercise every detector, preview ones too; preview.test checks
# that they are off by default.
config.environment["HAZARDLINT_PREVIEW"] = "1"
for var in ("HOME", "TMPDIR", "LANG"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

config.substitutions += [
    ("%hazardlint", config.hazardlint),
    ("%clang_tidy", config.clang_tidy),
    ("%tidy_plugin", config.tidy_plugin),
    ("%clangxx", config.clangxx),
    ("%shim_include", config.shim_include),
    ("%multitool", config.sarif_multitool),
    ("%python", config.python),
    ("%typeshed", config.typeshed),
    ("%nvim", config.nvim),
    ("%project", config.project_root),
    ("%build_root", config.build_root),
]
