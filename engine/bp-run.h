/* bp-run.h: one kept training run.
 *
 * Every run a front end trains is kept (issue 15): the settings it
 * started from (BpRunSettings: the data choices a project stores, the
 * layers and the training settings, the seed among them), its history
 * per epoch (BpEpochRecord) and per batch (each step's batch loss, as
 * float32: 4 bytes a step), how it ended, the best and final validation
 * metric, the training time and, within a memory budget (bp-run-list.h),
 * its final weights with the network they fit. A run forked from a
 * moment of another names its parent and that epoch and step.
 *
 * A run is reference-counted: the list, a view and the training in
 * flight may each hold one. Its fields are read directly and changed
 * through the functions below only, so that the memory accounting stays
 * right. One thread at a time (the UI's, or the CLI's).
 *
 * Settings differences (bp_run_settings_diff) are what the runs table
 * shows and what a run's automatic name is made of: "lr 0.01",
 * "256-128, dropout 0.2". Values are C-locale text (numbers as the
 * shortest text that reads back, bp-json-writer.h; enums as bp-names.h
 * words); the field labels are translated.
 */
#pragma once

#include <glib.h>

#include "bp-dataset.h"
#include "bp-layer-stack.h"
#include "bp-model.h"
#include "bp-table.h"
#include "bp-trainer.h"

G_BEGIN_DECLS

typedef enum {
  BP_RUN_RUNNING,    /* training, or not yet told how it ended */
  BP_RUN_FINISHED,   /* ended by its own rule: every epoch, early stop, target, time limit */
  BP_RUN_STOPPED,    /* the user stopped it */
  BP_RUN_DIVERGED,   /* NaN or Inf; the last good weights were kept */
} BpRunStatus;

/* A column whose role or type is not left as inferred, by name. */
typedef struct {
  char         *name;   /* the column's header */
  BpColumnRole  role;   /* BP_ROLE_AUTO, BP_ROLE_FEATURE or BP_ROLE_IGNORED */
  BpColumnType  type;   /* the type to read it as */
} BpProjectColumn;

/* What a run was trained with: what a project stores minus where the
 * data comes from (a document's runs share one data source):
 * bp_project_get_run_settings and bp_project_set_run_settings
 * (bp-project.h) go between the two. */
typedef struct {
  char             *target;           /* the target column's name; NULL: the table's default */
  char            **missing_markers;  /* NULL: the defaults */
  gboolean          keep_empty;
  GArray           *columns;          /* BpProjectColumn: columns not left as inferred */
  BpDatasetOptions  data;             /* target -1 and roles NULL, as in BpProject */
  BpLayerStack     *layers;
  BpTrainConfig     config;           /* class_weights NULL; config.seed is the run's seed */
} BpRunSettings;

/* The settings a run's table compares, in the order names list them. */
typedef enum {
  BP_RUN_FIELD_LAYERS,           /* hidden units, "256-128" ("none": no hidden layer) */
  BP_RUN_FIELD_ACTIVATION,       /* "relu", or per layer "relu-tanh" */
  BP_RUN_FIELD_DROPOUT,          /* "0.2", or per layer "0-0.2" */
  BP_RUN_FIELD_OPTIMIZER,        /* "adam"; "sgd nesterov" */
  BP_RUN_FIELD_LEARNING_RATE,
  BP_RUN_FIELD_BATCH_SIZE,
  BP_RUN_FIELD_EPOCHS,
  BP_RUN_FIELD_SEED,
  BP_RUN_FIELD_MOMENTUM,
  BP_RUN_FIELD_WEIGHT_DECAY,
  BP_RUN_FIELD_L1,
  BP_RUN_FIELD_L2,
  BP_RUN_FIELD_CLIP_NORM,
  BP_RUN_FIELD_SCHEDULE,         /* "constant", "step 10 x0.5", "cosine to 1e-05", … */
  BP_RUN_FIELD_LABEL_SMOOTHING,
  BP_RUN_FIELD_EARLY_STOPPING,   /* "off", or "5 val_loss" (patience, monitor, …) */
  BP_RUN_FIELD_TARGET_METRIC,    /* "off" or the value */
  BP_RUN_FIELD_TIME_LIMIT,       /* "off" or seconds */
  BP_RUN_FIELD_SHUFFLE,          /* "on", "off" */
  BP_RUN_FIELD_INIT,
  BP_RUN_FIELD_LOSS,             /* the regression loss */
  BP_RUN_FIELD_TARGET,           /* the target column ("default") */
  BP_RUN_FIELD_TASK,
  BP_RUN_FIELD_COLUMNS,          /* "id ignored, x categorical" */
  BP_RUN_FIELD_MISSING,          /* the policy, markers, empty cells */
  BP_RUN_FIELD_SPLIT,            /* "stratified 0.2/0 seed 42" */
  BP_RUN_FIELD_SCALING,          /* "standardize", "… target scaled" */
  BP_RUN_N_FIELDS,
} BpRunField;

typedef struct {
  BpRunField  field;
  char       *before;   /* the value in the first settings */
  char       *after;    /* … and in the second */
} BpRunChange;

typedef struct {
  /*< private >*/
  gint            ref_count;
  /*< public: read-only, changed through the functions below >*/
  guint64         id;                /* from 1, unique in its list; 0 until added to one */
  char           *name;              /* automatic (bp_run_settings_name) unless renamed */
  gboolean        renamed;           /* the user named it */
  guint64         parent_id;         /* 0: not a fork */
  guint           fork_epoch;        /* the parent's epochs before the fork */
  guint64         fork_step;         /* the parent's batches before the fork */
  BpRunSettings  *settings;
  BpTask          task;              /* the dataset's task (never AUTO) */
  gboolean        has_validation;    /* validation rows: val_* measured */
  gint64          created;           /* when it started, microseconds since 1970 (g_get_real_time) */
  GArray         *epochs;            /* BpEpochRecord, one per finished epoch */
  GArray         *batch_losses;      /* float: the batch loss of every step, in order */
  guint           batches_per_epoch; /* the last one seen; 0 before the first batch */
  BpRunStatus     status;
  BpStopReason    stop_reason;       /* BP_STOP_NONE while running */
  double          seconds;           /* training time (pauses excluded) */
  double          final_val_metric;  /* the last epoch's; NaN: none measured */
  double          best_val_metric;   /* the best epoch's (highest accuracy, lowest MAE); NaN: none */
  guint           best_epoch;        /* 0: none */
  BpModelSpec    *spec;              /* the whole network the weights fit, or NULL */
  float          *weights;           /* spec's parameter count of floats, or NULL */
  gsize           n_weights;
  gboolean        weights_dropped;   /* it had weights and lost them to the memory budget */
  gboolean        pinned;            /* kept first: its weights last dropped, saved with the project */
} BpRun;

/* ---- settings ----------------------------------------------------------- */

BpRunSettings *bp_run_settings_new          (void);   /* the seed recipe, as bp_project_new */
BpRunSettings *bp_run_settings_copy         (const BpRunSettings *settings);
void           bp_run_settings_free         (BpRunSettings       *settings);
/* An array of BpProjectColumn that frees their names, a copy of @from
 * (NULL: empty). */
GArray        *bp_project_columns_copy      (const GArray        *from);
gboolean       bp_run_settings_equal        (const BpRunSettings *a,
                                             const BpRunSettings *b);
/* Equal but for config.seed: the runs of one group (bp-sweep.h). */
gboolean       bp_run_settings_equal_but_seed (const BpRunSettings *a,
                                               const BpRunSettings *b);
/* One setting as text (see BpRunField); free with g_free. */
char          *bp_run_settings_get_value    (const BpRunSettings *settings,
                                             BpRunField           field);
/* What differs from @a to @b: BpRunChange in BpRunField order (the array
 * frees their texts); empty when equal. */
GArray        *bp_run_settings_diff         (const BpRunSettings *a,
                                             const BpRunSettings *b);
/* The automatic name: what changed since @previous ("lr 0.01",
 * "256-128, dropout 0.2"); without a previous run, or with nothing
 * changed, the layers, optimizer and rate ("128-64, adam, lr 0.001"). */
char          *bp_run_settings_name         (const BpRunSettings *settings,
                                             const BpRunSettings *previous);
/* A field's short label as names and tables use it ("lr", "batch",
 * "dropout"), translated. */
const char    *bp_run_field_label          (BpRunField           field);

/* ---- runs --------------------------------------------------------------- */

/* A run about to start: @settings copied, status RUNNING, created now. */
BpRun         *bp_run_new                   (const BpRunSettings *settings,
                                             BpTask               task,
                                             gboolean             has_validation);
BpRun         *bp_run_ref                   (BpRun               *run);
void           bp_run_unref                 (BpRun               *run);

void           bp_run_set_name              (BpRun               *run,
                                             const char          *name);  /* marks it renamed */
void           bp_run_set_pinned            (BpRun               *run,
                                             gboolean             pinned);
/* A fork: @parent's epochs up to @fork_epoch and its batch losses up to
 * @fork_step become the start of this run's histories. */
void           bp_run_set_parent            (BpRun               *run,
                                             const BpRun         *parent,
                                             guint                fork_epoch,
                                             guint64              fork_step);
/* A progress record as the trainer gives it: a batch adds its loss, an
 * epoch its record (and the time). Nothing is allocated for most calls:
 * the arrays grow by doubling. */
void           bp_run_record                (BpRun               *run,
                                             const BpProgress    *progress);
/* The whole epoch history at once (a trainer's, a saved run's), in place
 * of what was recorded. */
void           bp_run_set_epochs            (BpRun               *run,
                                             const GArray        *epochs);
/* The run ended for @reason: its status, final and best metric; with
 * @model its final weights are copied (NULL: none kept). The list's
 * budget is then for the caller to apply (bp_run_list_apply_budget). */
void           bp_run_finish                (BpRun               *run,
                                             BpStopReason         reason,
                                             const BpModel       *model);
/* Weights (n_weights floats for @spec) put in place of any kept. */
void           bp_run_set_weights           (BpRun               *run,
                                             const BpModelSpec   *spec,
                                             const float         *weights,
                                             gsize                n_weights);
void           bp_run_drop_weights          (BpRun               *run);
/* A model with the run's weights, or NULL when none are kept. */
BpModel       *bp_run_new_model             (const BpRun         *run,
                                             GError             **error);
/* Bytes the run holds: its struct, name, settings, histories (as
 * allocated) and weights. */
gsize          bp_run_get_memory_size       (const BpRun         *run);
/* The value a run is ranked by: the best validation metric, or without
 * validation rows the last training metric; NaN before the first epoch. */
double         bp_run_get_score             (const BpRun         *run);
/* "finished", "stopped", "diverged", "running": file words. */
const char    *bp_run_status_to_string      (BpRunStatus          status);
gboolean       bp_run_status_from_string    (const char          *text,
                                             BpRunStatus         *status);
/* Accuracy is better higher, MAE lower. */
gboolean       bp_task_metric_higher_is_better (BpTask            task);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpRunSettings, bp_run_settings_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpRun, bp_run_unref)

G_END_DECLS
