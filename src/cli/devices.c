/* devices.c: the audio output list that `turnover listen --list-devices`
 * and `turnover tui --list-devices` print. */
#include "config.h"

#include <stdio.h>

#include "audio/audio.h"
#include "cli/commands.h"

int cli_list_devices(const struct player_options *po)
{
	struct audio_device_list l;
	struct errbuf eb;

	errbuf_init(&eb);
	if (audio_list_devices(po->backend, &l, &eb) != ERR_OK) {
		cli_error("%s", errbuf_msg(&eb));
		return 1;
	}
	if (!l.n)
		printf("no audio output devices\n");
	for (size_t i = 0; i < l.n; i++)
		printf("%s %s (%s, %d ch, %.0f Hz)\n", l.dev[i].is_default ? "*" : " ", l.dev[i].name,
		       l.dev[i].host_api, l.dev[i].channels, l.dev[i].rate);
	audio_device_list_release(&l);
	return 0;
}
