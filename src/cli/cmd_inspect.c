/* cmd_inspect.c: `turnover inspect AAF [--media DIR]... [--json]`. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaf/aaf.h"
#include "commands.h"
#include "inspect_text.h"
#include "session_json.h"
#include "strbuf.h"
#include "xalloc.h"

static void usage(FILE *fp)
{
	fprintf(fp, "usage: turnover inspect AAF [--media DIR]... [--json] [--samplerate HZ]\n"
		    "                        [--no-pt-true-fades] [--no-pt-remove-sae] [--no-relink]\n");
}

int cmd_inspect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "media", required_argument, NULL, 'm' },
		{ "json", no_argument, NULL, 'j' },
		{ "samplerate", required_argument, NULL, 'r' },
		{ "no-pt-true-fades", no_argument, NULL, 'F' },
		{ "no-pt-remove-sae", no_argument, NULL, 'S' },
		{ "no-relink", no_argument, NULL, 'R' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct aaf_options opt;
	const char **dirs = NULL;
	size_t n_dirs = 0;
	int json = 0, verbose = 0, c, status = 0;
	struct session *s = NULL;
	struct errbuf eb;

	aaf_options_init(&opt);
	optind = 1;
	while ((c = getopt_long(argc, argv, "m:jvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			dirs = xreallocarray(dirs, n_dirs + 1, sizeof(*dirs));
			dirs[n_dirs++] = optarg;
			break;
		case 'j': json = 1; break;
		case 'r':
			opt.sample_rate = atoi(optarg);
			if (opt.sample_rate <= 0 || opt.sample_rate > 1000000) {
				cli_error("inspect: bad sample rate '%s'", optarg);
				free(dirs);
				return 2;
			}
			break;
		case 'F': opt.pt_true_fades = false; break;
		case 'S': opt.pt_remove_sae = false; break;
		case 'R': opt.resolve_media = false; break;
		case 'v': verbose = 1; break;
		case 'h': usage(stdout); free(dirs); return 0;
		default: usage(stderr); free(dirs); return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		free(dirs);
		return 2;
	}
	cli_setup_log(verbose);
	opt.media_dirs = dirs;
	opt.n_media_dirs = n_dirs;
	errbuf_init(&eb);
	if (aaf_read_file(argv[optind], &opt, &s, &eb) != ERR_OK) {
		cli_error("%s: %s", argv[optind], errbuf_msg(&eb));
		free(dirs);
		return 1;
	}
	if (json) {
		struct strbuf sb = STRBUF_INIT;

		session_json_write(s, &sb, true);
		fputs(strbuf_str(&sb), stdout);
		strbuf_release(&sb);
	} else {
		inspect_print_text(stdout, s);
	}
	if (fflush(stdout) != 0)
		status = 1;
	session_free(s);
	free(dirs);
	return status;
}
