/* test-ui-util.h: what the whole-window tests share: opening and closing
 * a window, turning the main loop and finding widgets. GTK-side;
 * test-util.h stays engine-only. */
#pragma once

#include <gtk/gtk.h>

#include "bp-window.h"

/* A window on settings in memory (meson's env), 1280×720, drawn once. */
BpWindow  *new_window   (void);
/* Destroy @window and check nothing kept it alive; its automatic save
 * is removed first (destroy_window keeps it, as a crash would). */
void       close_window   (BpWindow   *window);
void       destroy_window (BpWindow   *window);
/* Open @path as the file dialog would and wait for the load to end. */
void       open_path    (BpWindow   *window,
                         const char *path);

/* Turn the main loop for about @ms milliseconds. */
void       spin         (guint ms);
/* Turn it until cond(data), failing after @timeout_s seconds. */
void       spin_until   (gboolean  (*cond) (gpointer),
                         gpointer    data,
                         guint       timeout_s);

/* Conditions on a BpWindow for spin_until(). */
gboolean   not_loading  (gpointer window);
gboolean   finished     (gpointer window);
/* The session has published a step. */
gboolean   has_progress (gpointer window);
/* Parked in a pause, with everything it published read by the UI. */
gboolean   session_parked_and_drained (gpointer session);

/* A change a user makes on the model page: the number of epochs. */
void       set_epochs   (BpWindow   *window,
                         guint       epochs);

typedef gboolean (*WidgetPredicate) (GtkWidget *widget, gconstpointer data);

/* The first widget under and including @root, depth first, that @predicate
 * accepts, or NULL. */
GtkWidget *find_widget  (GtkWidget       *root,
                         WidgetPredicate  predicate,
                         gconstpointer    data);

/* Every widget under and including @root that @predicate accepts, depth
 * first, appended to @out. */
void       find_all     (GtkWidget       *root,
                         WidgetPredicate  predicate,
                         gconstpointer    data,
                         GPtrArray       *out);

/* The question a window asks (an AdwMessageDialog on libadwaita < 1.5),
 * if one is shown: its heading and body, newly allocated; NULL: none. */
char      *question_heading (void);
char      *question_body    (void);
/* Answer it with @response as the user would; FALSE: none was shown. */
gboolean   answer_question  (const char *response);

/* Predicates for find_widget(). */
gboolean   is_label_with_prefix (GtkWidget *widget, gconstpointer prefix);
gboolean   is_label_with        (GtkWidget *widget, gconstpointer text);
gboolean   is_eval_view         (GtkWidget *widget, gconstpointer data);
