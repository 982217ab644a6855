/*
 * gsfinit.h: starting libgsf once per process, with glib's messages routed
 * to our log callback (libgsf complains on stderr about damaged files,
 * which would wreck a terminal UI).  Used by the cfb reader and writer.
 */
#ifndef TURNOVER_GSFINIT_H
#define TURNOVER_GSFINIT_H

/* Initialises libgsf the first time it is called; later calls do nothing.
 * Call from the main thread before any other thread uses libgsf. */
void gsfinit_once(void);

#endif
