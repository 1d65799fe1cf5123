// Stand-in for <curl/curl.h>: the easy interface the corpus uses.
#pragma once
#include <cstddef>

typedef void CURL;
typedef enum { CURLE_OK = 0, CURLE_OPERATION_TIMEDOUT = 28 } CURLcode;
typedef enum {
  CURLOPT_WRITEDATA = 10001,
  CURLOPT_URL = 10002,
  CURLOPT_POSTFIELDS = 10015,
  CURLOPT_WRITEFUNCTION = 20011,
  CURLOPT_TIMEOUT = 13,
  CURLOPT_CONNECTTIMEOUT = 78,
  CURLOPT_TIMEOUT_MS = 155,
} CURLoption;

extern "C" {
CURL *curl_easy_init(void);
CURLcode curl_easy_setopt(CURL *curl, CURLoption option, ...);
CURLcode curl_easy_perform(CURL *curl);
void curl_easy_cleanup(CURL *curl);
const char *curl_easy_strerror(CURLcode);
}
