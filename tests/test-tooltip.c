/* Tests for bp-tooltip under Xvfb: a short Chinese tooltip stays on one
 * line (GTK 4.8's own label broke "主菜单" after every character), a long
 * one still wraps, tooltips given after the widget was shown, markup,
 * widgets without tooltips, entries (which keep GTK's own), and
 * query-tooltip handlers of our own widgets. Widths are compared with the same text laid out in
 * one line, so the fonts installed do not matter. */
#include <gtk/gtk.h>
#include <string.h>

#include "bp-tooltip.h"

typedef struct {
  GtkWidget  *window;
  GtkWidget  *box;
  GtkTooltip *tooltip;
} Fixture;

static void
spin_until_mapped (GtkWidget *widget)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (widget));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->window = gtk_window_new ();
  f->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_window_set_child (GTK_WINDOW (f->window), f->box);
  /* The object GTK hands query-tooltip handlers; it has no public
   * constructor, but nothing else to it. */
  f->tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->tooltip);
  gtk_window_destroy (GTK_WINDOW (f->window));
}

/* Adds @widget to the window and shows it. */
static GtkWidget *
add_shown (Fixture *f, GtkWidget *widget)
{
  gtk_box_append (GTK_BOX (f->box), widget);
  gtk_window_present (GTK_WINDOW (f->window));
  spin_until_mapped (widget);
  return widget;
}

static gboolean
query (Fixture *f, GtkWidget *widget)
{
  gboolean handled = FALSE;
  g_signal_emit_by_name (widget, "query-tooltip", 2, 2, FALSE, f->tooltip, &handled);
  return handled;
}

/* The pixel size of @text in one line, in @label's font. */
static void
one_line_size (GtkLabel *label, const char *text, int *width, int *height)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (label), text);
  pango_layout_get_pixel_size (layout, width, height);
}

/* The label's natural width, and its natural height at that width. */
static void
natural_size (GtkLabel *label, int *width, int *height)
{
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_HORIZONTAL, -1, NULL, width, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_VERTICAL, *width, NULL, height, NULL, NULL);
}

static void
test_short_cjk (Fixture *f, gconstpointer data)
{
  const char *text = "主菜单";
  GtkWidget *button = add_shown (f, gtk_button_new_from_icon_name ("open-menu-symbolic"));
  gtk_widget_set_tooltip_text (button, text);

  g_assert_true (query (f, button));
  GtkLabel *label = bp_tooltip_get_label (button);
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (label), ==, text);
  /* Placed in the tooltip's window. */
  g_assert_nonnull (gtk_widget_get_parent (GTK_WIDGET (label)));

  int line_w, line_h, w, h;
  one_line_size (label, text, &line_w, &line_h);
  natural_size (label, &w, &h);
  g_assert_cmpint (w, >=, line_w);
  g_assert_cmpint (h, <, 2 * line_h);
}

static void
test_long_wraps (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  for (int i = 0; i < 30; i++)
    g_string_append (text, "训练神经网络，");
  GtkWidget *button = add_shown (f, gtk_button_new_with_label ("x"));
  gtk_widget_set_tooltip_text (button, text->str);

  g_assert_true (query (f, button));
  GtkLabel *label = bp_tooltip_get_label (button);
  int line_w, line_h, w, h;
  one_line_size (label, text->str, &line_w, &line_h);
  natural_size (label, &w, &h);
  g_assert_cmpint (w, <, line_w / 2);
  g_assert_cmpint (h, >=, 3 * line_h);
}

static void
test_latin_unchanged (Fixture *f, gconstpointer data)
{
  /* Short Latin text: one line, as GTK shows it. */
  const char *text = "Open a CSV file (Ctrl+O)";
  GtkWidget *button = add_shown (f, gtk_button_new_with_label ("Open"));
  gtk_widget_set_tooltip_text (button, text);
  g_assert_true (query (f, button));
  GtkLabel *label = bp_tooltip_get_label (button);
  int line_w, line_h, w, h;
  one_line_size (label, text, &line_w, &line_h);
  natural_size (label, &w, &h);
  g_assert_cmpint (w, >=, line_w);
  g_assert_cmpint (h, <, 2 * line_h);
}

static void
test_given_later (Fixture *f, gconstpointer data)
{
  /* Shown first, given its tooltip afterwards (like a file's path). */
  GtkWidget *label_widget = add_shown (f, gtk_label_new ("breast_cancer.csv"));
  g_assert_false (query (f, label_widget));
  g_assert_null (bp_tooltip_get_label (label_widget));

  gtk_widget_set_tooltip_text (label_widget, "/home/学生/数据/breast_cancer.csv");
  g_assert_true (query (f, label_widget));
  g_assert_cmpstr (gtk_label_get_text (bp_tooltip_get_label (label_widget)), ==,
                   "/home/学生/数据/breast_cancer.csv");

  /* A changed text, and special characters kept as text. */
  gtk_widget_set_tooltip_text (label_widget, "a < b & c");
  g_assert_true (query (f, label_widget));
  g_assert_cmpstr (gtk_label_get_text (bp_tooltip_get_label (label_widget)), ==, "a < b & c");

  /* Taken away again: nothing to show. */
  gtk_widget_set_tooltip_text (label_widget, NULL);
  g_assert_false (query (f, label_widget));
}

static void
test_markup (Fixture *f, gconstpointer data)
{
  GtkWidget *button = add_shown (f, gtk_button_new_with_label ("x"));
  gtk_widget_set_tooltip_markup (button, "<b>粗体</b> text");
  g_assert_true (query (f, button));
  GtkLabel *label = bp_tooltip_get_label (button);
  g_assert_cmpstr (gtk_label_get_text (label), ==, "粗体 text");
  g_assert_true (gtk_label_get_use_markup (label));
}

static void
test_no_tooltip (Fixture *f, gconstpointer data)
{
  GtkWidget *button = add_shown (f, gtk_button_new_with_label ("x"));
  g_assert_false (query (f, button));
  g_assert_null (bp_tooltip_get_label (button));
}

static gboolean
on_own_query (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip, gpointer data)
{
  bp_tooltip_set_text (tooltip, widget, data);
  return TRUE;
}

static void
test_own_handler (Fixture *f, gconstpointer data)
{
  /* A widget that makes its tooltip itself (like the weights view's
   * read-out): its text, in our label, and not GTK's. */
  GtkWidget *area = gtk_drawing_area_new ();
  gtk_widget_set_size_request (area, 50, 50);
  gtk_widget_set_has_tooltip (area, TRUE);
  g_signal_connect (area, "query-tooltip", G_CALLBACK (on_own_query), (gpointer) "输入 → 单元 17：0.234");
  add_shown (f, area);
  g_assert_true (query (f, area));
  g_assert_cmpstr (gtk_label_get_text (bp_tooltip_get_label (area)), ==, "输入 → 单元 17：0.234");
  g_assert_false (gtk_label_get_use_markup (bp_tooltip_get_label (area)));
}

static void
test_entry_keeps_own (Fixture *f, gconstpointer data)
{
  /* GtkEntry has its own query-tooltip (icon tooltips): left to GTK. */
  GtkWidget *entry = add_shown (f, gtk_entry_new ());
  gtk_widget_set_tooltip_text (entry, "主菜单");
  g_assert_true (query (f, entry));
  g_assert_null (bp_tooltip_get_label (entry));
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  bp_tooltip_install ();
  /* Twice is harmless. */
  bp_tooltip_install ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/tooltip/short-cjk", test_short_cjk);
  ADD ("/tooltip/long-wraps", test_long_wraps);
  ADD ("/tooltip/latin-unchanged", test_latin_unchanged);
  ADD ("/tooltip/given-later", test_given_later);
  ADD ("/tooltip/markup", test_markup);
  ADD ("/tooltip/no-tooltip", test_no_tooltip);
  ADD ("/tooltip/own-handler", test_own_handler);
  ADD ("/tooltip/entry-keeps-own", test_entry_keeps_own);
#undef ADD
  return g_test_run ();
}
