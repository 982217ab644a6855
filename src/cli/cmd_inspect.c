/* cmd_inspect.c: `turnover inspect AAF [--media DIR]... [--json]`. */
#include "config.h"

#include <stdio.h>

#include "commands.h"

int cmd_inspect(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("inspect: the AAF reader is not built yet");
	return 1;
}
