/* Stands in for a kernel module: an object with a .modinfo section (what modpost and insmod read). */
static const char modinfo_license[] __attribute__((used, section(".modinfo"))) = "license=GPL";
int init_module(void) { return 0; }
