/* bp-dialogs.h: the questions the window asks and the files it asks for,
 * as _async/_finish calls on a parent window, and the About dialog.
 *
 * Every GTK and libadwaita version fork of a dialog lives in bp-dialogs.c:
 * GtkFileDialog from GTK 4.10 and GtkFileChooserNative before it (both go
 * through the file chooser portal in a sandbox); AdwAlertDialog and
 * AdwAboutDialog from libadwaita 1.5, AdwMessageDialog and AdwAboutWindow
 * before. Callers see one shape. A question or chooser holds a reference
 * to its parent until it is answered.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The kinds of file a chooser offers. */
typedef enum {
  BP_FILE_FILTER_CSV,              /* CSV, TSV and text files */
  BP_FILE_FILTER_PROJECT,          /* Backprop projects (.backprop) */
  BP_FILE_FILTER_DATA_OR_PROJECT,  /* either of the two */
  BP_FILE_FILTER_CHART,            /* PNG, SVG or PDF */
  BP_FILE_FILTER_MODEL,            /* Backprop models (.json) */
  BP_FILE_FILTER_PYTHON,           /* Python scripts (.py) */
  BP_FILE_FILTER_ONNX,             /* ONNX models (.onnx) */
  BP_FILE_FILTER_RUN_LOG,          /* run logs: JSON lines (.jsonl, .json, .log) */
} BpFileFilterKind;

/* A new filter, named for the user. */
GtkFileFilter *bp_file_filter_new (BpFileFilterKind kind);

typedef enum {
  BP_CHOOSE_OPEN,
  BP_CHOOSE_SAVE,
} BpChooseAction;

/* A file chooser: @filters (n_filters of them, the first shown first; may
 * be NULL), starting in @folder (nullable); @suggested_name is the name a
 * save starts with (nullable). */
void      bp_dialogs_choose_file_async  (GtkWindow              *parent,
                                         BpChooseAction          action,
                                         const char             *title,
                                         const char             *suggested_name,
                                         GFile                  *folder,
                                         const BpFileFilterKind *filters,
                                         guint                   n_filters,
                                         GCancellable           *cancellable,
                                         GAsyncReadyCallback     callback,
                                         gpointer                user_data);
/* The file chosen, or NULL with G_IO_ERROR_CANCELLED when the user
 * dismissed the chooser (or another error when it could not be shown). */
GFile    *bp_dialogs_choose_file_finish (GAsyncResult           *result,
                                         GError                **error);

/* A question with two answers: Cancel, and @yes (the response's id, which
 * tests answer with) labelled @yes_label with @appearance. */
void      bp_dialogs_ask_async          (GtkWindow              *parent,
                                         const char             *heading,
                                         const char             *body,
                                         const char             *yes,
                                         const char             *yes_label,
                                         AdwResponseAppearance   appearance,
                                         GCancellable           *cancellable,
                                         GAsyncReadyCallback     callback,
                                         gpointer                user_data);
/* TRUE when the answer was @yes; FALSE for Cancel or closing the dialog. */
gboolean  bp_dialogs_ask_finish         (GAsyncResult           *result,
                                         GError                **error);

/* One answer of bp_dialogs_choose_async(). */
typedef struct {
  const char            *id;          /* what the answer is called; tests answer with it */
  const char            *label;       /* with a mnemonic: "_Save" */
  AdwResponseAppearance  appearance;
} BpDialogResponse;

/* A question with @n_responses answers, in the order given (GNOME puts
 * the one that keeps everything first: Cancel); @default_response is
 * chosen by Enter, @close_response (which need not be one of them) by
 * Escape or closing the dialog. */
void      bp_dialogs_choose_async       (GtkWindow              *parent,
                                         const char             *heading,
                                         const char             *body,
                                         const BpDialogResponse *responses,
                                         guint                   n_responses,
                                         const char             *default_response,
                                         const char             *close_response,
                                         GCancellable           *cancellable,
                                         GAsyncReadyCallback     callback,
                                         gpointer                user_data);
/* The id of the answer, newly allocated; NULL with an error when
 * cancelled. */
char     *bp_dialogs_choose_finish      (GAsyncResult           *result,
                                         GError                **error);

/* An error a user must read (file, line, column): a dialog with Close,
 * not a toast. Nothing waits for it. */
void      bp_dialogs_show_error         (GtkWindow              *parent,
                                         const char             *heading,
                                         const char             *body);

/* The About dialog: version, credits, licences of the sample data sets.
 * @parent may be NULL. */
void      bp_dialogs_show_about         (GtkWindow              *parent);

#ifdef BP_TEST_FILE_CHOOSER
/* Built into test programs only (never into the app): when set, a file
 * chooser "chooses" this file at once without showing anything (a real
 * chooser loads libraries whose kept memory LeakSanitizer reports without
 * a usable stack). */
extern GFile *bp_test_chosen_file;
#endif

G_END_DECLS
