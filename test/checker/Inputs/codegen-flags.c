#ifdef __SSE4_2__
static const char *ota_password = "Ota-Pa55-77";
const char *p(void) { return ota_password; }
#endif
