// A justified marker on the line or in the comment lines above suppresses a finding: not printed,
// recorded with its reason. A marker without a reason suppresses nothing and is itself reported.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks=-*,cred-named-literal \
// RUN:   -fplugin-arg-cra-findings=%t %s 2>&1 | FileCheck %s --implicit-check-not='[cra-'
// RUN: %python -c "import json,glob,sys; r=json.load(open(glob.glob(sys.argv[1]+'/*.json')[0])); [print(f['line'], f['rule'], f['suppressed'], f['justification']) for f in r['findings']]" %t \
// RUN:   | FileCheck %s --check-prefix=REC
// The same in cra-check's JSON.
// RUN: not %cra-check --checks='-*,cred-named-literal' --format=json %s -- 2>/dev/null | FileCheck %s --check-prefix=JSON
// JSON: "findings": 3,
// JSON-NEXT: "suppressed": 2,
// JSON: "justification": "lab-only image, key rotated per site (TICKET-88)",

static const char *wifi_psk = "LabNet-2291"; // cra: allow(cred-named-literal) lab-only image, key rotated per site (TICKET-88)

// cra: allow(cred-*) factory test station credential, station is offline (TICKET-91)
// (a second comment line between marker and code keeps the marker in force)
static const char *station_password = "St4tion-01";

static const char *api_token = "tok-77a1b2"; // cra: allow(cred-named-literal)
// CHECK: suppress.c:[[#@LINE-1]]:20: warning: variable 'api_token' {{.*}}[cra-cred-named-literal]
// CHECK: suppress.c:[[#@LINE-2]]:20: warning: suppression of cred-named-literal has no justification (0 characters after allow(...), at least 10 needed); the finding stays open [cra-engine-unjustified-suppression]

static const char *admin_pass = "Adm-Pass-9"; // cra: allow(cred-literal-arg) names another rule
// CHECK: suppress.c:[[#@LINE-1]]:20: warning: variable 'admin_pass' {{.*}}[cra-cred-named-literal]

// REC: 14 cred-named-literal True lab-only image, key rotated per site (TICKET-88)
// REC: 18 cred-named-literal True factory test station credential, station is offline (TICKET-91)
// REC: 20 cred-named-literal False None
// REC: 20 engine-unjustified-suppression False None
// REC: 24 cred-named-literal False None
