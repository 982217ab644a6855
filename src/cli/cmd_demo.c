/* cmd_demo.c: `turnover demo DIR`: build the demo turnover. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "demo/demo.h"

int cmd_demo(int argc, char **argv)
{
	struct demo_report r;
	struct errbuf eb;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: turnover demo DIR\n");
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: turnover demo DIR\n");
		return 2;
	}
	cli_setup_log(0);
	errbuf_init(&eb);
	if (demo_build(argv[1], &r, &eb) != ERR_OK) {
		cli_error("demo: %s", errbuf_msg(&eb));
		return 1;
	}
	printf("Wrote %s: %zu clips, %zu media files in %s/media", r.aaf, r.clips, r.media_written,
	       argv[1]);
	if (r.missing)
		printf(" (%s is referenced but missing, on purpose)", r.missing);
	printf(".\n");
	demo_report_release(&r);
	return 0;
}
