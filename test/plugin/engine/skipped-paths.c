// Code in system headers and in paths the config marks third-party ("exclude-paths", globs over the
// absolute or root-relative path) is not analysed; the same code in a user header is.
// RUN: rm -rf %t && split-file %s %t
// RUN: cd %t && %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -isystem sys -Iinc main.c 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DEFAULT --implicit-check-not='[cra-'
// DEFAULT: inc{{/|\\}}own.h:1:{{.*}}[cra-cred-named-literal]
// DEFAULT: third_party{{/|\\}}vendor.h:1:{{.*}}[cra-cred-named-literal]
// RUN: cd %t && %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-config=cra.json \
// RUN:   -isystem sys -Iinc main.c 2>&1 | FileCheck %s --check-prefix=EXCL --implicit-check-not='[cra-'
// EXCL: inc{{/|\\}}own.h:1:{{.*}}[cra-cred-named-literal]
// RUN: cd %t && not %cra-check --config=cra.json main.c -- -isystem sys -Iinc 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EXCL --implicit-check-not='[cra-'

//--- sys/vendor_sdk.h
static const char *sdk_default_password = "SdkDef4ult!";
//--- third_party/vendor.h
static const char *vendor_password = "V3ndorPw!";
//--- inc/own.h
static const char *own_password = "0wnPassw0rd";
//--- main.c
#include <vendor_sdk.h>
#include "third_party/vendor.h"
#include "own.h"
const char *all(int i) { return i ? sdk_default_password : i > 1 ? vendor_password : own_password; }
//--- cra.json
{"version": 1, "exclude-paths": ["third_party/*"]}
