/* test-ui-util.h: what the whole-window tests share: turning the main loop
 * and finding widgets. GTK-side; test-util.h stays engine-only. */
#pragma once

#include <gtk/gtk.h>

/* Turn the main loop for about @ms milliseconds. */
void       spin         (guint ms);
/* Turn it until cond(data), failing after @timeout_s seconds. */
void       spin_until   (gboolean  (*cond) (gpointer),
                         gpointer    data,
                         guint       timeout_s);

/* Conditions on a BpWindow for spin_until(). */
gboolean   not_loading  (gpointer window);
gboolean   finished     (gpointer window);

typedef gboolean (*WidgetPredicate) (GtkWidget *widget, gconstpointer data);

/* The first widget under and including @root, depth first, that @predicate
 * accepts, or NULL. */
GtkWidget *find_widget  (GtkWidget       *root,
                         WidgetPredicate  predicate,
                         gconstpointer    data);

/* Predicates for find_widget(). */
gboolean   is_label_with_prefix (GtkWidget *widget, gconstpointer prefix);
gboolean   is_eval_view         (GtkWidget *widget, gconstpointer data);
