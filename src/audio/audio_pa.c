/*
 * audio_pa.c: the PortAudio output.  The stream runs from open to close;
 * its callback only copies from the ring (audio_feed_consume()): it never
 * allocates, locks, logs or touches a file.  PortAudio's back ends (ALSA,
 * JACK) print to stderr while they start, so stderr points at /dev/null
 * for that time; PortAudio's errors become ours here.
 */
#include "config.h"

#include <fcntl.h>
#include <portaudio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "audio/sink.h"
#include "xalloc.h"

struct pa_sink {
	PaStream *stream;
	struct audio_feed *feed;
	int channels;
};

/* stderr to /dev/null and back: returns the saved descriptor (-1: none). */
static int quiet_begin(void)
{
	int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);

	fflush(stderr);
	if (saved >= 0 && null >= 0)
		dup2(null, STDERR_FILENO);
	if (null >= 0)
		close(null);
	return saved;
}

static void quiet_end(int saved)
{
	if (saved < 0)
		return;
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
}

static int pa_callback(const void *in, void *out, unsigned long frames,
		       const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags, void *user)
{
	struct pa_sink *s = user;

	(void)in;
	(void)time;
	(void)flags;
	audio_feed_consume(s->feed, out, frames, s->channels);
	return paContinue;
}

static enum err pa_error(struct errbuf *eb, PaError e, const char *what)
{
	return err_set(eb, ERR_IO, "%s: %s", what, Pa_GetErrorText(e));
}

/* The output device named name (a case-insensitive part of its name
 * will do), or the default one. */
static PaDeviceIndex find_device(const char *name)
{
	int n = Pa_GetDeviceCount();

	if (!name || !*name || !strcmp(name, "default"))
		return Pa_GetDefaultOutputDevice();
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n; i++) {
			const PaDeviceInfo *d = Pa_GetDeviceInfo(i);

			if (!d || d->maxOutputChannels < 1)
				continue;
			if (pass == 0 ? !strcmp(d->name, name) : strcasestr(d->name, name) != NULL)
				return i;
		}
	return paNoDevice;
}

static enum err open_stream(struct pa_sink *s, PaDeviceIndex dev, struct errbuf *eb)
{
	const PaDeviceInfo *info = Pa_GetDeviceInfo(dev);
	PaStreamParameters out = { 0 };
	PaError e;

	s->channels = info->maxOutputChannels >= 2 ? 2 : 1;
	out.device = dev;
	out.channelCount = s->channels;
	out.sampleFormat = paFloat32;
	out.suggestedLatency = info->defaultLowOutputLatency;
	s->feed->rate = (int)info->defaultSampleRate;
	e = Pa_OpenStream(&s->stream, NULL, &out, info->defaultSampleRate,
			  paFramesPerBufferUnspecified, paNoFlag, pa_callback, s);
	if (e != paNoError)
		return pa_error(eb, e, "cannot open the audio device");
	e = Pa_StartStream(s->stream);
	if (e != paNoError)
		return pa_error(eb, e, "cannot start the audio device");
	return ERR_OK;
}

static void pa_close(void *sink)
{
	struct pa_sink *s = sink;

	if (!s)
		return;
	if (s->stream) {
		Pa_StopStream(s->stream);
		Pa_CloseStream(s->stream);
	}
	Pa_Terminate();
	free(s);
}

static enum err pa_open(const struct player_options *o, struct audio_feed *feed, void **sink,
			char *name, size_t name_len, struct errbuf *eb)
{
	struct pa_sink *s = xcalloc(1, sizeof(*s));
	int saved = quiet_begin();
	PaDeviceIndex dev;
	enum err e;
	PaError pe;

	*sink = NULL;
	s->feed = feed;
	pe = Pa_Initialize();
	if (pe != paNoError) {
		quiet_end(saved);
		free(s);
		return pa_error(eb, pe, "cannot start PortAudio");
	}
	dev = find_device(o->device);
	if (dev == paNoDevice) {
		e = o->device ? err_set(eb, ERR_NOT_FOUND, "no audio device '%s'", o->device)
			      : err_set(eb, ERR_NOT_FOUND, "no audio device");
	} else {
		e = open_stream(s, dev, eb);
	}
	quiet_end(saved);
	if (e != ERR_OK) {
		pa_close(s);
		return e;
	}
	snprintf(name, name_len, "%s (%d Hz)", Pa_GetDeviceInfo(dev)->name, feed->rate);
	*sink = s;
	return ERR_OK;
}

static void add_device(struct audio_device_list *out, PaDeviceIndex i, const PaDeviceInfo *d)
{
	const PaHostApiInfo *api = Pa_GetHostApiInfo(d->hostApi);
	struct audio_device *dev;

	out->dev = xreallocarray(out->dev, out->n + 1, sizeof(*out->dev));
	dev = &out->dev[out->n++];
	dev->name = xstrdup(d->name);
	dev->host_api = xstrdup(api ? api->name : "");
	dev->channels = d->maxOutputChannels;
	dev->rate = d->defaultSampleRate;
	dev->is_default = i == Pa_GetDefaultOutputDevice();
}

static enum err pa_list(struct audio_device_list *out, struct errbuf *eb)
{
	int saved = quiet_begin();
	PaError pe = Pa_Initialize();

	if (pe != paNoError) {
		quiet_end(saved);
		return pa_error(eb, pe, "cannot start PortAudio");
	}
	for (PaDeviceIndex i = 0; i < Pa_GetDeviceCount(); i++) {
		const PaDeviceInfo *d = Pa_GetDeviceInfo(i);

		if (d && d->maxOutputChannels > 0)
			add_device(out, i, d);
	}
	Pa_Terminate();
	quiet_end(saved);
	return ERR_OK;
}

const struct sink_ops audio_pa_sink = { "portaudio", pa_open, pa_close, pa_list, NULL };
