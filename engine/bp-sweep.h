/* bp-sweep.h: "try several values" and "repeat with N seeds".
 *
 * A sweep names one or two settings (BpSweepSetting) and the values each
 * takes: a list, or for the learning rate a log range (from, to, count:
 * 1e-4..1e-1:4 is 1e-4, 1e-3, 1e-2, 1e-1). bp_sweep_expand makes every
 * combination (the first axis outermost) times the repeats, from a base
 * BpRunSettings: the settings of each run to train, one after another.
 * Repeat r trains with the seed config.seed + r; the data split (its own
 * seed) stays, so repeats differ only by their luck in initial weights,
 * dropout and batch order. A swept optimizer starts from its own
 * defaults (Keras's: the rate too) before a swept rate applies.
 *
 * Runs are grouped by their settings but for the seed; a group's
 * statistics per epoch (mean, sample standard deviation, min, max over
 * the runs that reached that epoch) are what a chart draws as a band and
 * a table as mean ± sd. The best run and the best group rank by
 * bp_run_get_score (its mean for a group).
 *
 * Text (bp_sweep_parse_axis, the CLI's --sweep):
 *   lr=1e-4,1e-3,1e-2    lr=1e-4..1e-1:4   batch=32,64   epochs=10,20
 *   units=64,128  (the first hidden layer; units2= the second, …)
 *   dropout=0,0.2 (every hidden layer; dropout2= the second only)
 *   optimizer=adam,sgd   seed=1,2,3
 */
#pragma once

#include <glib.h>

#include "bp-run.h"

G_BEGIN_DECLS

#define BP_SWEEP_MAX_AXES   2
/* The most runs one sweep may make: values × values × repeats. */
#define BP_SWEEP_MAX_RUNS   1000

typedef enum {
  BP_SWEEP_LEARNING_RATE,
  BP_SWEEP_BATCH_SIZE,
  BP_SWEEP_UNITS,          /* of hidden layer `layer` */
  BP_SWEEP_DROPOUT,        /* of hidden layer `layer`, or of each (BP_SWEEP_ALL_LAYERS) */
  BP_SWEEP_OPTIMIZER,      /* values are BpOptimizerKind */
  BP_SWEEP_EPOCHS,
  BP_SWEEP_SEED,
} BpSweepSetting;

#define BP_SWEEP_ALL_LAYERS G_MAXUINT

typedef struct {
  BpSweepSetting setting;
  guint          layer;    /* UNITS, DROPOUT: the hidden layer from 0 (or ALL for dropout) */
  GArray        *values;   /* double */
} BpSweepAxis;

typedef struct {
  BpSweepAxis axes[BP_SWEEP_MAX_AXES];
  guint       n_axes;
  guint       repeats;     /* seeds per combination; 1 by default */
} BpSweep;

/* One run a sweep makes. */
typedef struct {
  BpRunSettings *settings;
  guint          group;    /* the combination, from 0 */
  guint          repeat;   /* from 0 */
  char          *label;    /* the swept values: "lr 0.01, batch 64" (and "seed 43" for repeats) */
} BpSweepRun;

/* Per epoch of a group, over the runs that reached that epoch. */
typedef struct {
  guint  epoch;
  guint  n;                /* runs with a finite value at this epoch */
  double mean;
  double sd;               /* sample standard deviation (n - 1); 0 for one run */
  double min, max;
} BpRunStat;

typedef enum {
  BP_RUN_METRIC_LOSS,
  BP_RUN_METRIC_METRIC,
  BP_RUN_METRIC_VAL_LOSS,
  BP_RUN_METRIC_VAL_METRIC,
  BP_RUN_METRIC_LEARNING_RATE,
} BpRunMetric;

BpSweep     *bp_sweep_new             (void);
void         bp_sweep_free            (BpSweep              *sweep);
/* An axis of @n_values values; INVALID when there are already two, a
 * value does not fit the setting (a rate not above 0, units not a whole
 * number from 1, an unknown optimizer…) or the runs would be too many. */
gboolean     bp_sweep_add_axis        (BpSweep              *sweep,
                                       BpSweepSetting        setting,
                                       guint                 layer,
                                       const double         *values,
                                       guint                 n_values,
                                       GError              **error);
/* @count values from @from to @to, evenly on a log scale (the ends
 * included). */
gboolean     bp_sweep_add_log_range   (BpSweep              *sweep,
                                       BpSweepSetting        setting,
                                       double                from,
                                       double                to,
                                       guint                 count,
                                       GError              **error);
/* "lr=1e-4,1e-3" and the like (see above); INVALID names the text. */
gboolean     bp_sweep_parse_axis      (BpSweep              *sweep,
                                       const char           *text,
                                       GError              **error);
gboolean     bp_sweep_set_repeats     (BpSweep              *sweep,
                                       guint                 repeats,
                                       GError              **error);
/* Combinations × repeats. */
guint        bp_sweep_count           (const BpSweep        *sweep);
/* Every run's settings (BpSweepRun, the array frees them): INVALID when a
 * swept layer is not in @base. */
GArray      *bp_sweep_expand          (const BpSweep        *sweep,
                                       const BpRunSettings  *base,
                                       GError              **error);
/* "lr", "batch", "units", "units2", "dropout", …: the word before '='. */
char        *bp_sweep_axis_name       (const BpSweepAxis    *axis);
/* A value as the label shows it: "0.01", "64", "adam". */
char        *bp_sweep_format_value    (BpSweepSetting        setting,
                                       double                value);

/* ---- groups and statistics ---------------------------------------------- */

double       bp_epoch_record_get      (const BpEpochRecord  *record,
                                       BpRunMetric           metric);
/* Statistics per epoch (BpRunStat) of @metric over @runs. */
GArray      *bp_runs_stats            (BpRun * const        *runs,
                                       guint                 n_runs,
                                       BpRunMetric           metric);
/* The same for one number per run (the final validation metric, a
 * score…); out->n counts the finite ones, the others are left out. */
void         bp_values_stats          (const double         *values,
                                       guint                 n_values,
                                       BpRunStat            *out);
/* @runs grouped by settings but the seed, in the order each group's
 * first run comes: a GPtrArray of GPtrArray of BpRun (borrowed). */
GPtrArray   *bp_runs_group            (BpRun * const        *runs,
                                       guint                 n_runs);
/* The run with the best score (NULL when none has one). */
BpRun       *bp_runs_best             (BpRun * const        *runs,
                                       guint                 n_runs);
/* The index of the group (from bp_runs_group) with the best mean score,
 * or -1. */
int          bp_run_groups_best       (GPtrArray            *groups);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpSweep, bp_sweep_free)

G_END_DECLS
