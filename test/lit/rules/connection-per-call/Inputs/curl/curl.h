// A minimal stand-in for libcurl's header.
#pragma once
typedef void CURL;
extern "C" CURL *curl_easy_init(void);
extern "C" void curl_easy_cleanup(CURL *);
