/* bp-names.h: the engine's enums as words, for files and command lines.
 *
 * Each table is indexed by the enum's value and ends with NULL, so one
 * list serves writing (table[value]), reading (bp_names_find) and help
 * texts. Model files store these words: changing one breaks old files.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

extern const char * const bp_init_names[];       /* BpInit */
extern const char * const bp_scaling_names[];    /* BpScaling */
extern const char * const bp_missing_names[];    /* BpMissingPolicy */
extern const char * const bp_schedule_names[];   /* BpScheduleKind */
extern const char * const bp_monitor_names[];    /* BpMonitor */
extern const char * const bp_optimizer_names[];  /* BpOptimizerKind */
extern const char * const bp_split_names[];      /* BpSplit */
/* BpLoss; the regression losses (mse, mae, huber) are its tail from
 * BP_LOSS_MSE: bp_loss_names + BP_LOSS_MSE lists only them. */
extern const char * const bp_loss_names[];

/* The index of text in a NULL-terminated table (ASCII case ignored), or -1. */
int          bp_names_find  (const char * const *names,
                             const char         *text);
/* names[value], or "unknown" when value is out of range. */
const char  *bp_names_get   (const char * const *names,
                             int                 value);
/* "a, b or c", for messages; free with g_free. */
char        *bp_names_list  (const char * const *names);

G_END_DECLS
