/* backprop-cli.h: what the files of backprop-cli share.
 *
 *   backprop-cli.c          main: the command table, usage, bp_cli_fail
 *   backprop-cli-data.c     the options every command that reads a CSV
 *                           takes, loading the table and making a dataset
 *   backprop-cli-inspect.c  inspect
 *   backprop-cli-train.c    train, and what sweep shares with it
 *   backprop-cli-sweep.c    sweep: runs trained one after another
 *   backprop-cli-apply.c    evaluate and predict (a saved model on new rows)
 *   backprop-cli-export.c   export
 *
 * Each command returns the exit status: 0 on success, EXIT_BAD_INPUT when
 * the input is bad (the message names FILE:LINE:COL), EXIT_USAGE on a
 * usage error. Messages go to stderr through bp_cli_fail.
 */
#pragma once

#include <math.h>

#include <glib.h>

#include "bp-engine.h"

G_BEGIN_DECLS

#define BP_CLI_PROGRAM "backprop-cli"

#define EXIT_BAD_INPUT 1
#define EXIT_USAGE     2

/* Not given on the command line (train takes the project's value). */
#define SEED_UNSET G_MININT64
#define INT_UNSET  G_MININT

/* Prints "backprop-cli: MESSAGE" on stderr and returns @status. */
int          bp_cli_fail              (int                     status,
                                       const char             *format,
                                       ...) G_GNUC_PRINTF (2, 3);

/* A file a command will write: the option that names it ("--save", "-o",
 * or what it is, for a file written next to another) and its path (NULL:
 * not asked for). */
typedef struct {
  const char *option;
  const char *path;
} BpCliOutput;

/* Before any work: no output may be one of @inputs (NULL ones skipped) or
 * another output, however spelt or linked (a usage error), and each must
 * be writable where it is (its folder exists…). 0, or the error printed
 * and its exit status returned. */
int          bp_cli_check_outputs     (const char * const     *inputs,
                                       guint                   n_inputs,
                                       const BpCliOutput      *outputs,
                                       guint                   n_outputs);

/* ---- the options of the commands that read a CSV (backprop-cli-data.c) ---- */

typedef struct {
  char    *delimiter;
  gboolean header;
  gboolean no_header;
  gboolean decimal_comma;
  gboolean no_decimal_comma;
  char    *missing;
  gboolean keep_empty;
  gboolean skip_bad_rows;
  char    *target;
  char    *task;
  char    *split;
  double   validation_split;
  double   test_split;
  gint64   seed;
  gboolean impute;
  gboolean scale_target;
  gboolean no_scale_target;
  char    *scaling;
  char   **ignore;
  char   **types;
  gboolean json;
  char    *sample;
} BpCliDataArgs;

/* Fractions not given; train also sets .seed = SEED_UNSET. */
#define BP_CLI_DATA_ARGS_INIT { .validation_split = NAN, .test_split = NAN }

void          bp_cli_data_args_clear  (BpCliDataArgs          *args);
/* inspect and train: --json, how to read the file, and the data choices
 * (target, task, split, scaling, --ignore, --type, --sample…), as the
 * context's main group. */
GOptionGroup *bp_cli_data_group       (BpCliDataArgs          *args);
/* evaluate and predict: how to read the file (the model has the rest),
 * then --json if @with_json. */
GOptionEntry *bp_cli_csv_entries      (BpCliDataArgs          *args,
                                       gboolean                with_json);

/* The table @source names, read as @args say; with --sample the generated
 * set, and @source set to it. *markers_out keeps --missing's texts alive
 * while the table is read. Errors are printed and set *status. */
BpTable      *bp_cli_load_table       (BpDataSource           *source,
                                       BpCliDataArgs          *args,
                                       char                 ***markers_out,
                                       int                    *status);
/* --type COL:TYPE, each in turn. */
gboolean      bp_cli_apply_types      (BpTable                *table,
                                       const BpCliDataArgs    *args,
                                       int                    *status);
/* @value among @names (bp-names.h) for @option, else a usage error. */
gboolean      bp_cli_parse_choice     (const char             *option,
                                       const char             *value,
                                       const char * const     *names,
                                       int                    *out,
                                       int                    *status);
/* The dataset the choices in @args make of @table, over @base (NULL: the
 * defaults), whose roles, if any, are *roles_out (--ignore changes them).
 * NULL with *dataset_error when the data cannot be used so, or with a
 * usage error printed and *status set. @consume: the table's rows may go
 * (bp_dataset_new_consuming()). */
BpDataset    *bp_cli_make_dataset     (BpTable                *table,
                                       gboolean                consume,
                                       BpCliDataArgs          *args,
                                       const BpDatasetOptions *base,
                                       BpColumnRole          **roles_out,
                                       BpDatasetOptions       *options_out,
                                       GError                **dataset_error,
                                       int                    *status);

/* ---- options that take a number ---- */

typedef struct {
  const char *option;      /* "--lr" */
  gsize       offset;      /* of its value in the arguments */
  gboolean    whole;       /* a gint there, else a double */
  BpRange     range;       /* what it takes (bp-range.h, as a sweep's values) */
  char        short_name;  /* 'e' for -e, or 0 */
} BpCliNumber;

/* The G_OPTION_ARG_CALLBACK of number options: @value for @option, one
 * of @numbers, into @args. A double option's NaN means "not given", so
 * nan, inf and 1e309 are refused with the rest: anything @range does not
 * take is an error "OPTION takes RANGE, not “VALUE”". */
gboolean      bp_cli_parse_number     (const BpCliNumber      *numbers,
                                       gsize                   n_numbers,
                                       const char             *option,
                                       const char             *value,
                                       gpointer                args,
                                       GError                **error);

/* ---- training: train and sweep (backprop-cli-train.c) ---- */

/* The training options; unset ones take the project's value. */
typedef struct {
  char    *layers;
  double   dropout;
  gint     epochs;
  gint     batch_size;
  char    *optimizer;
  double   lr;
  double   momentum;
  gboolean nesterov;
  double   weight_decay;
  double   l1, l2;
  double   clip_norm;
  char    *schedule;
  double   label_smoothing;
  char    *init;
  char    *loss;
  gint     threads;
  gint     patience;
  double   min_delta;
  char    *monitor;
  double   target_metric;
  double   time_limit;
  char    *history;
  char    *save;
  char    *project;
  char    *save_project;
  gboolean quiet;
} BpCliTrainArgs;

#define BP_CLI_TRAIN_ARGS_INIT {                                                                     \
    .dropout = NAN, .epochs = INT_UNSET, .batch_size = INT_UNSET, .lr = NAN, .momentum = NAN,        \
    .weight_decay = NAN, .l1 = NAN, .l2 = NAN, .clip_norm = NAN, .label_smoothing = NAN, .threads = 1, \
    .patience = INT_UNSET, .min_delta = NAN, .target_metric = NAN, .time_limit = NAN,                \
  }

void          bp_cli_train_args_clear (BpCliTrainArgs         *train);
/* The "training" option group (--layers, --lr, …, --save-project, --quiet). */
GOptionGroup *bp_cli_train_group      (BpCliTrainArgs         *train);

/* What train and sweep make before the first epoch: the base project
 * (--project or the seed recipe), the run's project (its data source and
 * column choices, for --save-project), the dataset, the layer stack and
 * the settings, the options given over the project's. */
typedef struct {
  BpProject        *project;
  BpProject        *run;
  BpDataset        *dataset;
  BpDatasetOptions  data_options;     /* roles point at .roles */
  BpColumnRole     *roles;
  BpLayerStack     *stack;
  BpTrainConfig     config;
  char             *display_name;     /* the data's, for messages */
  GPtrArray        *table_warnings;
} BpCliTraining;

void          bp_cli_training_clear   (BpCliTraining          *training);
/* Checks the outputs (--save, --save-project, --history), reads the data
 * and makes the dataset. FALSE with the error printed and *status set. */
gboolean      bp_cli_training_prepare (BpCliTraining          *training,
                                       const char             *path,
                                       BpCliDataArgs          *args,
                                       BpCliTrainArgs         *train,
                                       int                    *status);
/* @run with @stack and @config, saved to @path (its data file's copy
 * kept when it can be read). FALSE with the error printed. */
gboolean      bp_cli_save_run_project (BpProject              *run,
                                       const BpLayerStack     *stack,
                                       const BpTrainConfig    *config,
                                       const char             *path,
                                       int                    *status);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BpCliTraining, bp_cli_training_clear)

/* ---- the commands: argv[0] is the command's name ---- */

int           bp_cli_inspect          (int                     argc,
                                       char                  **argv);
int           bp_cli_train            (int                     argc,
                                       char                  **argv);
/* evaluate, or predict with @predict. */
int           bp_cli_apply            (int                     argc,
                                       char                  **argv,
                                       gboolean                predict);
int           bp_cli_export           (int                     argc,
                                       char                  **argv);
int           bp_cli_sweep            (int                     argc,
                                       char                  **argv);

G_END_DECLS
