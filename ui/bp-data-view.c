#define G_LOG_DOMAIN "bp-data-view"

#include "bp-data-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "bp-message-list.h"
#include "bp-table-model.h"

/* Positions in each column's role dropdown. BP_ROLE_AUTO has no item of
 * its own: it shows as Feature or Ignored, whichever the engine would do. */
enum {
  ROLE_ITEM_FEATURE,
  ROLE_ITEM_TARGET,
  ROLE_ITEM_IGNORED,
};

/* GTK 4.8's column view makes a widget per cell of every column for each
 * row on screen, and a dropdown costs milliseconds to make: a file with
 * hundreds of columns (MNIST has 785) would freeze the window. The preview
 * shows the first columns only; the side panel makes the dropdowns of the
 * first rows at once and those of the others when they scroll into view. */
#define PREVIEW_COLUMNS_MAX 40
#define DROPS_AT_ONCE       40

/* The widgets of one table column: its column in the preview (NULL past
 * PREVIEW_COLUMNS_MAX) and its row in the side panel, whose dropdowns are
 * NULL until made. */
typedef struct {
  BpDataView          *view;      /* unowned: the view owns this */
  gsize                index;
  GtkColumnViewColumn *column;    /* our reference, or NULL */
  GPtrArray           *bound;     /* GtkListItem* of this column shown now */
  GtkWidget           *row;
  GtkLabel            *name_label;
  GtkLabel            *missing_label;
  GtkLabel            *message_label;
  GtkWidget           *drops;       /* box for the two dropdowns */
  GtkDropDown         *role_drop;
  GtkDropDown         *type_drop;
} ColumnUi;

struct _BpDataView {
  GtkWidget            parent_instance;

  /* Template */
  GtkWidget           *root;
  BpMessageList       *messages_list;
  GtkWidget           *messages_separator;
  GtkStack            *table_stack;
  GtkColumnView       *column_view;
  GtkLabel            *preview_note;
  GtkLabel            *summary_label;
  GtkWidget           *side_panel;
  GtkWidget           *lock_hint;
  GtkWidget           *choices;
  GtkDropDown         *target_drop;
  GtkDropDown         *task_drop;
  GtkDropDown         *split_drop;
  GtkDropDown         *scaling_drop;
  GtkDropDown         *missing_drop;
  GtkSpinButton       *fraction_spin;
  GtkListBox          *columns_list;
  AdwEntryRow         *markers_row;
  GtkSwitch           *empty_switch;

  BpTable             *table;       /* borrowed */
  BpTableModel        *model;
  GtkColumnViewColumn *line_column;
  GPtrArray           *columns;     /* ColumnUi*, one per table column */
  guint                build_source;
  guint                reveal_tick;  /* scrolling the target's header into sight */
  guint                reveal_frames;
  double               reveal_right; /* where that header ended at the last frame */
  int                  drops_height;
  BpColumnRole        *roles;       /* n_columns; never BP_ROLE_TARGET */
  BpDatasetOptions     options;     /* the target and the rest; .roles unused */
  BpSplit              split_made;  /* what BP_SPLIT_AUTO made: the split shown */
  GtkStringList       *role_items;
  GtkStringList       *type_items;
  GtkStringList       *empty_type_items;
  gboolean             locked;
  guint                updating;    /* > 0 while the view sets its own widgets */
};

G_DEFINE_FINAL_TYPE (BpDataView, bp_data_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_OPTIONS_CHANGED,
  SIGNAL_MARKERS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define VALIDATION_MIN 0.05
#define VALIDATION_MAX 0.5

static const char *
task_label (BpTask task)
{
  switch (task)
    {
    case BP_TASK_BINARY:     return _("Binary");
    case BP_TASK_MULTICLASS: return _("Multiclass");
    case BP_TASK_REGRESSION: return _("Regression");
    case BP_TASK_AUTO:
    default:                 return _("Auto");
    }
}

static void
emit_changed (BpDataView *self)
{
  g_signal_emit (self, signals[SIGNAL_OPTIONS_CHANGED], 0);
}

/* The chosen target's whole name, where the button shows it shortened. */
static void
sync_target_tooltip (BpDataView *self)
{
  int t = self->options.target;
  gboolean known = self->table != NULL && t >= 0 && (gsize) t < self->table->n_columns;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->target_drop), known ? self->table->columns[t].name
                                                                       : _("The column the network learns to predict"));
}

static gboolean
is_target (BpDataView *self, gsize c)
{
  return self->options.target >= 0 && (gsize) self->options.target == c;
}

/* Whether a dataset made now would leave the column out. */
static gboolean
is_ignored (BpDataView *self, gsize c)
{
  if (is_target (self, c))
    return FALSE;
  BpColumnRole role = self->roles[c];
  return role == BP_ROLE_IGNORED ||
         (role == BP_ROLE_AUTO && !bp_column_type_is_usable (self->table->columns[c].type));
}

static guint
role_item (BpDataView *self, gsize c)
{
  if (is_target (self, c))
    return ROLE_ITEM_TARGET;
  return is_ignored (self, c) ? ROLE_ITEM_IGNORED : ROLE_ITEM_FEATURE;
}

static char *
missing_text (gsize n_missing)
{
  return g_strdup_printf (ngettext ("%lu missing", "%lu missing", (gulong) n_missing),
                          (gulong) n_missing);
}

/* "sepal_length · number · 2 missing": GtkColumnViewColumn takes a plain
 * string, so everything the header says goes on one line. */
static char *
column_title (BpDataView *self, gsize c)
{
  const BpColumn *column = &self->table->columns[c];
  GString *title = g_string_new (column->name);

  g_string_append (title, " · ");
  g_string_append (title, bp_column_type_display_name (column->type));
  if (column->n_missing > 0)
    {
      g_autofree char *missing = missing_text (column->n_missing);
      g_string_append (title, " · ");
      g_string_append (title, missing);
    }
  if (is_target (self, c))
    {
      g_string_append (title, " · ");
      g_string_append (title, _("target"));
    }
  else if (is_ignored (self, c))
    {
      g_string_append (title, " · ");
      g_string_append (title, _("ignored"));
    }
  return g_string_free (title, FALSE);
}

/* Preview cells */

typedef struct {
  BpDataView *view;   /* unowned: the factory dies with the view's columns */
  gsize       column;
} CellData;

static void
cell_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_list_item_set_child (item, label);
}

/* `text` with its '.' as the locale's decimal separator; a new string. */
static char *
localize_decimal (const char *text)
{
  const char *point = localeconv ()->decimal_point;
  if (point == NULL || g_str_equal (point, ".") || strchr (text, '.') == NULL)
    return g_strdup (text);
  g_auto(GStrv) parts = g_strsplit (text, ".", 2);
  return g_strjoinv (point, parts);
}

char *
bp_data_view_dup_cell_text (BpDataView *self, gsize row, gsize column)
{
  g_return_val_if_fail (BP_IS_DATA_VIEW (self), NULL);
  if (self->table == NULL || column >= self->table->n_columns || row >= self->table->n_rows)
    return NULL;
  g_autofree char *text = bp_table_cell_text (self->table, row, column);
  /* The engine's text reads back exactly but is C-locale; on screen a
   * German user expects 0,5. */
  if (text != NULL && self->table->columns[column].type == BP_COLUMN_NUMERIC)
    return localize_decimal (text);
  return g_steal_pointer (&text);
}

/* Show one cell as the table and the choices say now. */
static void
render_cell (BpDataView *self, gsize c, GtkListItem *item)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  BpTableRow *row = gtk_list_item_get_item (item);

  if (self->table == NULL || row == NULL || c >= self->table->n_columns)
    return;
  guint r = bp_table_row_get_index (row);
  if (r >= self->table->n_rows)
    return;

  const BpColumn *column = &self->table->columns[c];
  gboolean numeric = column->type == BP_COLUMN_NUMERIC;
  g_autofree char *text = bp_data_view_dup_cell_text (self, r, c);
  const char *classes[3];
  guint n = 0;

  if (numeric)
    classes[n++] = "numeric";
  if (text == NULL || is_ignored (self, c))
    classes[n++] = "dim-label";
  else if (is_target (self, c))
    classes[n++] = "accent";
  classes[n] = NULL;

  gtk_label_set_text (GTK_LABEL (label), text ? text : "—");
  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0f : 0.0f);
  gtk_widget_set_css_classes (label, classes);
}

/* GTK 4.8 keeps a column's cells when its factory changes, so the view
 * remembers which cells are shown and draws them again itself. */
static GPtrArray *
bound_cells (BpDataView *self, gsize c)
{
  if (self->columns == NULL || c >= self->columns->len)
    return NULL;
  return ((ColumnUi *) self->columns->pdata[c])->bound;
}

static void
cell_bind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  CellData *cell = data;
  GPtrArray *bound = bound_cells (cell->view, cell->column);

  if (bound != NULL)
    g_ptr_array_add (bound, item);
  render_cell (cell->view, cell->column, item);
}

static void
cell_unbind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  CellData *cell = data;
  GPtrArray *bound = bound_cells (cell->view, cell->column);

  if (bound != NULL)
    g_ptr_array_remove_fast (bound, item);
}

static GtkListItemFactory *
cell_factory_new (BpDataView *self, gsize column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  CellData *cell = g_new (CellData, 1);

  cell->view = self;
  cell->column = column;
  g_object_set_data_full (G_OBJECT (factory), "bp-cell", cell, g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), cell);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), cell);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind), cell);
  return factory;
}

/* The row-number column shows the source line: that is what the engine's
 * messages point at ("line 12 holds ..."). */
static void
line_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_widget_set_css_classes (label, (const char *[]) { "numeric", "dim-label", NULL });
  gtk_list_item_set_child (item, label);
}

static void
line_bind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  BpDataView *self = data;
  BpTableRow *row = gtk_list_item_get_item (item);

  if (self->table == NULL || row == NULL)
    return;
  guint r = bp_table_row_get_index (row);
  if (r >= self->table->n_rows)
    return;

  char text[32];
  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, self->table->row_lines[r]);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

/* Dropdown items that keep a long column name from widening the panel:
 * wrapped, so the name is read whole ("Speed IAS in knots", "Auto
 * (detected: Multiclass)"; cut in the middle they read "Speed I…n knots"
 * and "Auto (de… lticlass)"). On the button (a positive width) at most
 * three lines, then cut at the end (its tooltip has it whole); in the list
 * (a negative width) every line. */
static void
short_item_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *label = gtk_label_new (NULL);
  int chars = GPOINTER_TO_INT (data);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (chars > 0)
    {
      gtk_label_set_lines (GTK_LABEL (label), 3);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }
  gtk_label_set_max_width_chars (GTK_LABEL (label), ABS (chars));
  gtk_list_item_set_child (item, label);
}

static void
short_item_bind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);
  const char *text = string ? gtk_string_object_get_string (string) : "";
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  int chars = GPOINTER_TO_INT (data);
  gtk_label_set_text (label, text);
  /* On the button a long name keeps @chars' width, no less (squeezed to a
   * word a line) and no more: a row gives what is left to its title and
   * subtitle, which wrap down to a letter ("Tas-k", "vorherzusagend-e")
   * when the button asks for more than it needs. */
  if (chars > 0)
    gtk_label_set_width_chars (label, (int) MIN (g_utf8_strlen (text, -1), chars));
}

static GtkListItemFactory *
short_item_factory_new (int max_chars)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (short_item_setup), GINT_TO_POINTER (max_chars));
  g_signal_connect (factory, "bind", G_CALLBACK (short_item_bind), GINT_TO_POINTER (max_chars));
  return factory;
}

/* Side panel */

static void
show_column_message (BpDataView *self, gsize c, const char *message)
{
  ColumnUi *ui = self->columns->pdata[c];
  if (ui->row == NULL)
    return;
  gtk_label_set_text (ui->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (ui->message_label), message != NULL);
}

/* Make the side panel row say what the state says. */
static void
sync_column_row (BpDataView *self, gsize c)
{
  ColumnUi *ui = self->columns->pdata[c];
  const BpColumn *column = &self->table->columns[c];
  if (ui->row == NULL)
    return;
  g_autofree char *missing = missing_text (column->n_missing);

  gtk_widget_remove_css_class (GTK_WIDGET (ui->name_label), "accent");
  gtk_widget_remove_css_class (GTK_WIDGET (ui->name_label), "dim-label");
  if (is_target (self, c))
    gtk_widget_add_css_class (GTK_WIDGET (ui->name_label), "accent");
  else if (is_ignored (self, c))
    gtk_widget_add_css_class (GTK_WIDGET (ui->name_label), "dim-label");

  gtk_label_set_text (ui->missing_label, missing);
  gtk_widget_set_css_classes (GTK_WIDGET (ui->missing_label),
                              column->n_missing > 0 ? (const char *[]) { "caption", "warning", NULL }
                                                    : (const char *[]) { "caption", "dim-label", NULL });

  if (ui->role_drop == NULL)
    return;
  self->updating++;
  gtk_drop_down_set_selected (ui->role_drop, role_item (self, c));
  if (column->type != BP_COLUMN_EMPTY)
    gtk_drop_down_set_selected (ui->type_drop, (guint) column->type);
  self->updating--;
}

/* Redraw a column after its role, type or the target changed. */
static void
refresh_column (BpDataView *self, gsize c)
{
  ColumnUi *ui = self->columns->pdata[c];

  if (ui->column != NULL)
    {
      g_autofree char *title = column_title (self, c);
      gtk_column_view_column_set_title (ui->column, title);
      for (guint i = 0; i < ui->bound->len; i++)
        render_cell (self, c, ui->bound->pdata[i]);
    }
  sync_column_row (self, c);
}

/* Replace the first item of a dropdown's list (the one whose words depend
 * on the data), keeping the selection. */
static void
set_first_item (BpDataView *self, GtkDropDown *drop, const char *text)
{
  GtkStringList *list = GTK_STRING_LIST (gtk_drop_down_get_model (drop));
  const char *items[] = { text, NULL };

  if (g_strcmp0 (gtk_string_list_get_string (list, 0), text) == 0)
    return;
  guint selected = gtk_drop_down_get_selected (drop);
  self->updating++;
  gtk_string_list_splice (list, 0, 1, items);
  gtk_drop_down_set_selected (drop, selected);
  self->updating--;
}

static void
sync_task_items (BpDataView *self)
{
  BpTask detected = BP_TASK_AUTO;
  g_autofree char *text = NULL;

  if (self->table != NULL && self->options.target >= 0)
    detected = bp_dataset_detect_task (self->table, self->options.target);
  if (detected == BP_TASK_AUTO)
    text = g_strdup (_("Auto"));
  else
    text = g_strdup_printf (_("Auto (detected: %s)"), task_label (detected));
  set_first_item (self, self->task_drop, text);
}

static void
sync_split_items (BpDataView *self)
{
  g_autofree char *text = g_strdup_printf (_("Keras: last %.0f%% of rows"),
                                           self->options.validation_fraction * 100.0);
  set_first_item (self, self->split_drop, text);
}

static void
sync_sensitivity (BpDataView *self)
{
  gtk_widget_set_sensitive (self->choices, self->table != NULL && !self->locked);
  gtk_widget_set_visible (self->lock_hint, self->locked);
}

/* The markers as the entry shows them: "NA, N/A, None". */
static void
sync_markers (BpDataView *self)
{
  g_autofree char *text = NULL;
  if (self->table != NULL && self->table->missing_markers != NULL)
    text = g_strjoinv (", ", self->table->missing_markers);
  else
    text = g_strjoinv (", ", (char **) bp_table_default_missing_markers ());
  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (self->markers_row), text);
  gtk_switch_set_active (self->empty_switch, self->table == NULL || !self->table->keep_empty);
  self->updating--;
}

/* Scrolling the target into sight */

/* The header of table column @c: the column view's header row holds one
 * title per column, in order, the line numbers first. */
static GtkWidget *
column_header (BpDataView *self, gsize c)
{
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
  GtkWidget *title = header ? gtk_widget_get_first_child (header) : NULL;
  for (gsize i = 0; title && i < c + 1; i++)
    title = gtk_widget_get_next_sibling (title);
  return title;
}

/* Frame by frame until the columns stop growing (their widths follow the
 * rows as they are measured): the target's header whole in sight. */
static gboolean
reveal_target_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  BpDataView *self = BP_DATA_VIEW (widget);
  const int target = self->options.target;
  GtkWidget *title = target >= 0 && target < PREVIEW_COLUMNS_MAX ? column_header (self, (gsize) target) : NULL;
  graphene_rect_t bounds;
  if (title == NULL || ++self->reveal_frames > 60)
    {
      self->reveal_tick = 0;
      return G_SOURCE_REMOVE;
    }
  if (gtk_widget_get_width (title) <= 0
      || !gtk_widget_compute_bounds (title, GTK_WIDGET (self->column_view), &bounds))
    return G_SOURCE_CONTINUE;
  GtkAdjustment *h = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->column_view));
  const double left = gtk_adjustment_get_value (h) + bounds.origin.x;
  const double right = left + bounds.size.width;
  gtk_adjustment_clamp_page (h, left, right);
  if (right == self->reveal_right)
    {
      self->reveal_tick = 0;
      return G_SOURCE_REMOVE;
    }
  self->reveal_right = right;
  return G_SOURCE_CONTINUE;
}

/* A file's last column is often its target, and the one cut off at the
 * table's right edge: the header scrolls into sight when the table or the
 * target changes (not when the user scrolls away from it). */
static void
reveal_target (BpDataView *self)
{
  self->reveal_frames = 0;
  self->reveal_right = -1;
  if (self->reveal_tick == 0)
    self->reveal_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_target_tick, NULL, NULL);
}

/* Every widget from the state, after set_table or set_options. */
static void
sync_all (BpDataView *self)
{
  self->updating++;
  gtk_drop_down_set_selected (self->target_drop, self->options.target >= 0 ? (guint) self->options.target
                                                                           : GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (self->task_drop, (guint) self->options.task);
  gtk_drop_down_set_selected (self->split_drop, (guint) (self->options.split == BP_SPLIT_AUTO ? self->split_made
                                                                                             : self->options.split));
  gtk_drop_down_set_selected (self->scaling_drop, (guint) self->options.scaling);
  gtk_drop_down_set_selected (self->missing_drop, (guint) self->options.missing);
  gtk_spin_button_set_value (self->fraction_spin, self->options.validation_fraction);
  self->updating--;

  sync_task_items (self);
  sync_split_items (self);
  sync_markers (self);
  sync_target_tooltip (self);
  if (self->table != NULL)
    for (gsize c = 0; c < self->table->n_columns; c++)
      {
        show_column_message (self, c, NULL);
        refresh_column (self, c);
      }
  sync_sensitivity (self);
  if (self->table != NULL)
    reveal_target (self);
}

/* The user's choices */

static void
choose_target (BpDataView *self, gsize c)
{
  int previous = self->options.target;

  if (previous >= 0 && (gsize) previous == c)
    return;
  self->options.target = (int) c;
  self->roles[c] = BP_ROLE_AUTO;
  if (previous >= 0)
    {
      /* The old target goes back to being an input, if it can be one. */
      const BpColumn *old = &self->table->columns[previous];
      self->roles[previous] = bp_column_type_is_usable (old->type) ? BP_ROLE_FEATURE : BP_ROLE_AUTO;
      show_column_message (self, previous, NULL);
      refresh_column (self, previous);
    }
  show_column_message (self, c, NULL);
  refresh_column (self, c);

  self->updating++;
  gtk_drop_down_set_selected (self->target_drop, (guint) c);
  self->updating--;
  sync_target_tooltip (self);
  sync_task_items (self);
  reveal_target (self);
  emit_changed (self);
}

static void
choose_role (BpDataView *self, gsize c, BpColumnRole role)
{
  if (is_target (self, c))
    {
      /* A network needs one column to predict: move the target first. */
      g_autofree char *message =
        g_strdup_printf (_("“%s” is the target. To use it as an input or ignore it, choose another target first."),
                         self->table->columns[c].name);
      show_column_message (self, c, message);
      sync_column_row (self, c);
      return;
    }
  show_column_message (self, c, NULL);
  if (self->roles[c] == role)
    return;
  self->roles[c] = role;
  refresh_column (self, c);
  emit_changed (self);
}

static void
on_role_selected (GtkDropDown *drop, GParamSpec *pspec, ColumnUi *ui)
{
  BpDataView *self = ui->view;

  if (self->updating > 0 || self->table == NULL)
    return;
  switch (gtk_drop_down_get_selected (drop))
    {
    case ROLE_ITEM_FEATURE:
      choose_role (self, ui->index, BP_ROLE_FEATURE);
      break;
    case ROLE_ITEM_TARGET:
      choose_target (self, ui->index);
      break;
    case ROLE_ITEM_IGNORED:
      choose_role (self, ui->index, BP_ROLE_IGNORED);
      break;
    default:
      break;
    }
}

static void
on_type_selected (GtkDropDown *drop, GParamSpec *pspec, ColumnUi *ui)
{
  BpDataView *self = ui->view;
  g_autoptr(GError) error = NULL;

  if (self->updating > 0 || self->table == NULL)
    return;
  guint selected = gtk_drop_down_get_selected (drop);
  BpColumn *column = &self->table->columns[ui->index];
  if (selected > BP_COLUMN_ID || (BpColumnType) selected == column->type)
    return;

  if (!bp_table_set_column_type (self->table, ui->index, (BpColumnType) selected, &error))
    {
      /* The table kept its type; say why and show that type again. */
      show_column_message (self, ui->index, error->message);
      sync_column_row (self, ui->index);
      return;
    }
  show_column_message (self, ui->index, NULL);
  refresh_column (self, ui->index);
  if (is_target (self, ui->index))
    sync_task_items (self);
  emit_changed (self);
}

static void
on_target_selected (BpDataView *self, GParamSpec *pspec, GtkDropDown *drop)
{
  if (self->updating > 0 || self->table == NULL)
    return;
  guint selected = gtk_drop_down_get_selected (drop);
  if (selected < self->table->n_columns)
    choose_target (self, selected);
}

static void
on_choice_selected (BpDataView *self, GParamSpec *pspec, GtkDropDown *drop)
{
  if (self->updating > 0)
    return;
  guint selected = gtk_drop_down_get_selected (drop);
  if (selected == GTK_INVALID_LIST_POSITION)
    return;

  if (drop == self->task_drop)
    self->options.task = (BpTask) selected;
  else if (drop == self->split_drop)
    self->options.split = (BpSplit) selected;
  else if (drop == self->scaling_drop)
    self->options.scaling = (BpScaling) selected;
  else if (drop == self->missing_drop)
    self->options.missing = (BpMissingPolicy) selected;
  else
    g_return_if_reached ();
  emit_changed (self);
}

static void
on_markers_apply (BpDataView *self, AdwEntryRow *row)
{
  if (self->updating == 0 && self->table != NULL)
    g_signal_emit (self, signals[SIGNAL_MARKERS_CHANGED], 0);
}

static void
on_empty_toggled (BpDataView *self, GParamSpec *pspec, GtkSwitch *toggle)
{
  if (self->updating == 0 && self->table != NULL)
    g_signal_emit (self, signals[SIGNAL_MARKERS_CHANGED], 0);
}

static void
on_fraction_changed (BpDataView *self, GtkSpinButton *spin)
{
  if (self->updating > 0)
    return;
  self->options.validation_fraction = gtk_spin_button_get_value (spin);
  sync_split_items (self);
  emit_changed (self);
}

/* Building and clearing the per-column widgets */

static ColumnUi *
column_ui_new (BpDataView *self, gsize c)
{
  ColumnUi *ui = g_new0 (ColumnUi, 1);

  ui->view = self;
  ui->index = c;
  ui->bound = g_ptr_array_new ();
  if (c < PREVIEW_COLUMNS_MAX)
    {
      ui->column = gtk_column_view_column_new (NULL, cell_factory_new (self, c));
      gtk_column_view_column_set_resizable (ui->column, TRUE);
      gtk_column_view_append_column (self->column_view, ui->column);
    }
  return ui;
}

/* The column's row in the side panel, made in table order. */
static void
column_row_build (BpDataView *self, ColumnUi *ui)
{
  const gsize c = ui->index;
  const BpColumn *column = &self->table->columns[c];
  char name[64];

  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  ui->name_label = GTK_LABEL (gtk_label_new (column->name));
  gtk_label_set_xalign (ui->name_label, 0.0f);
  gtk_label_set_ellipsize (ui->name_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (ui->name_label), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (ui->name_label), column->name);
  ui->missing_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (ui->name_label));
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (ui->missing_label));
  gtk_box_append (GTK_BOX (box), top);

  ui->drops = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_set_homogeneous (GTK_BOX (ui->drops), TRUE);
  /* Until its dropdowns are made, the row keeps their room. */
  if (ui->role_drop == NULL)
    gtk_widget_set_size_request (ui->drops, -1, self->drops_height);
  gtk_box_append (GTK_BOX (box), ui->drops);

  ui->message_label = GTK_LABEL (gtk_label_new (NULL));
  g_snprintf (name, sizeof name, "message-%" G_GSIZE_FORMAT, c);
  gtk_widget_set_name (GTK_WIDGET (ui->message_label), name);
  gtk_label_set_xalign (ui->message_label, 0.0f);
  gtk_label_set_wrap (ui->message_label, TRUE);
  gtk_label_set_wrap_mode (ui->message_label, PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (GTK_WIDGET (ui->message_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (ui->message_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (ui->message_label));

  ui->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (ui->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (ui->row), box);
  gtk_list_box_append (self->columns_list, ui->row);

  sync_column_row (self, c);
}

static void
column_drops_build (BpDataView *self, ColumnUi *ui)
{
  const gsize c = ui->index;
  const BpColumn *column = &self->table->columns[c];
  char name[64];

  ui->role_drop = GTK_DROP_DOWN (gtk_drop_down_new (g_object_ref (G_LIST_MODEL (self->role_items)), NULL));
  g_snprintf (name, sizeof name, "role-%" G_GSIZE_FORMAT, c);
  gtk_widget_set_name (GTK_WIDGET (ui->role_drop), name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (ui->role_drop), _("What the network does with this column"));
  g_autofree char *role_name = g_strdup_printf (_("Role of %s"), column->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ui->role_drop),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, role_name, -1);

  GtkStringList *types = column->type == BP_COLUMN_EMPTY ? self->empty_type_items : self->type_items;
  ui->type_drop = GTK_DROP_DOWN (gtk_drop_down_new (g_object_ref (G_LIST_MODEL (types)), NULL));
  g_snprintf (name, sizeof name, "type-%" G_GSIZE_FORMAT, c);
  gtk_widget_set_name (GTK_WIDGET (ui->type_drop), name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (ui->type_drop), _("How to read the values in this column"));
  g_autofree char *type_name = g_strdup_printf (_("Type of %s"), column->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ui->type_drop),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, type_name, -1);
  if (column->type == BP_COLUMN_EMPTY)
    {
      /* Every cell is missing: no type would give it values. */
      gtk_drop_down_set_selected (ui->type_drop, BP_COLUMN_EMPTY);
      gtk_widget_set_sensitive (GTK_WIDGET (ui->type_drop), FALSE);
    }
  gtk_box_append (GTK_BOX (ui->drops), GTK_WIDGET (ui->role_drop));
  gtk_box_append (GTK_BOX (ui->drops), GTK_WIDGET (ui->type_drop));

  g_signal_connect (ui->role_drop, "notify::selected", G_CALLBACK (on_role_selected), ui);
  g_signal_connect (ui->type_drop, "notify::selected", G_CALLBACK (on_type_selected), ui);
  if (self->drops_height <= 0)
    gtk_widget_measure (ui->drops, GTK_ORIENTATION_VERTICAL, -1, NULL, &self->drops_height, NULL, NULL);
  gtk_widget_set_size_request (ui->drops, -1, -1);
  sync_column_row (self, c);
}

/* Make the dropdowns of the rows on screen, and of a screenful either
 * side so scrolling finds them ready. */
static gboolean
build_visible_drops (gpointer data)
{
  BpDataView *self = data;
  /* Bounds relative to the scrolled window: what shows is 0 to its height. */
  double page = gtk_widget_get_height (self->side_panel);

  self->build_source = 0;
  for (guint i = 0; i < self->columns->len; i++)
    {
      ColumnUi *ui = self->columns->pdata[i];
      graphene_rect_t bounds;
      if (ui->role_drop != NULL || !gtk_widget_compute_bounds (ui->row, self->side_panel, &bounds))
        continue;
      if (bounds.origin.y + bounds.size.height >= -page && bounds.origin.y <= 2 * page)
        column_drops_build (self, ui);
    }
  return G_SOURCE_REMOVE;
}

/* The adjustment changes while the panel is laid out: make widgets after. */
static void
on_side_panel_scrolled (BpDataView *self)
{
  if (self->build_source == 0 && self->columns->len > DROPS_AT_ONCE)
    self->build_source = g_idle_add (build_visible_drops, self);
}

static void
clear_columns (BpDataView *self)
{
  g_clear_handle_id (&self->build_source, g_source_remove);
  /* Last first, each out of the array before it is freed, so a cell that
   * unbinds on the way never finds a freed column. */
  while (self->columns->len > 0)
    {
      ColumnUi *ui = self->columns->pdata[self->columns->len - 1];
      if (ui->role_drop != NULL)
        {
          g_signal_handlers_disconnect_by_data (ui->role_drop, ui);
          g_signal_handlers_disconnect_by_data (ui->type_drop, ui);
        }
      if (ui->row != NULL)
        gtk_list_box_remove (self->columns_list, ui->row);
      if (ui->column != NULL)
        gtk_column_view_remove_column (self->column_view, ui->column);
      g_ptr_array_remove_index (self->columns, self->columns->len - 1);
      g_clear_object (&ui->column);
      g_ptr_array_unref (ui->bound);
      g_free (ui);
    }
}

/* GObject */

static void
bp_data_view_dispose (GObject *object)
{
  BpDataView *self = BP_DATA_VIEW (object);

  if (self->reveal_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_tick);
      self->reveal_tick = 0;
    }
  if (self->model != NULL)
    bp_table_model_set_table (self->model, NULL);
  if (self->columns != NULL && self->column_view != NULL)
    clear_columns (self);
  self->table = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), BP_TYPE_DATA_VIEW);

  g_clear_object (&self->line_column);
  g_clear_object (&self->model);
  g_clear_object (&self->role_items);
  g_clear_object (&self->type_items);
  g_clear_object (&self->empty_type_items);

  G_OBJECT_CLASS (bp_data_view_parent_class)->dispose (object);
}

static void
bp_data_view_finalize (GObject *object)
{
  BpDataView *self = BP_DATA_VIEW (object);

  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->roles, g_free);

  G_OBJECT_CLASS (bp_data_view_parent_class)->finalize (object);
}

static void
bp_data_view_class_init (BpDataViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bp_data_view_dispose;
  object_class->finalize = bp_data_view_finalize;

  /**
   * BpDataView::options-changed:
   *
   * The user changed a role, a type, the target, the task, the split, the
   * scaling, the missing-value policy or the validation fraction. Not
   * emitted by bp_data_view_set_table() or bp_data_view_set_options().
   */
  signals[SIGNAL_OPTIONS_CHANGED] =
    g_signal_new ("options-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * BpDataView::markers-changed:
   *
   * The user applied other missing-value markers or turned "Empty cells
   * are missing" over: bp_data_view_dup_missing_markers() says what the
   * table is to be read with now. Not emitted by set_table.
   */
  signals[SIGNAL_MARKERS_CHANGED] =
    g_signal_new ("markers-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* The template names these; make sure GtkBuilder finds them. */
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (ADW_TYPE_PREFERENCES_GROUP);
  g_type_ensure (ADW_TYPE_ACTION_ROW);
  g_type_ensure (ADW_TYPE_ENTRY_ROW);
  g_type_ensure (BP_TYPE_MESSAGE_LIST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/backprop/Backprop/ui/bp-data-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BpDataView, root);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, messages_list);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, messages_separator);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, table_stack);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, column_view);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, preview_note);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, side_panel);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, lock_hint);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, choices);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, target_drop);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, task_drop);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, split_drop);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, scaling_drop);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, missing_drop);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, fraction_spin);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, columns_list);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, markers_row);
  gtk_widget_class_bind_template_child (widget_class, BpDataView, empty_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_target_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_fraction_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_markers_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_empty_toggled);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "bp-data-view");
}

static void
bp_data_view_init (BpDataView *self)
{
  self->updating++;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating--;

  self->columns = g_ptr_array_new ();
  bp_dataset_options_init (&self->options);

  self->role_items = gtk_string_list_new ((const char *[]) { C_("column role", "Feature"), C_("column role", "Target"),
                                                               C_("column role", "Ignored"), NULL });
  const char *types[BP_COLUMN_EMPTY + 2];
  for (int t = BP_COLUMN_NUMERIC; t <= BP_COLUMN_EMPTY; t++)
    types[t] = bp_column_type_display_name (t);
  types[BP_COLUMN_EMPTY + 1] = NULL;
  self->empty_type_items = gtk_string_list_new (types);
  types[BP_COLUMN_EMPTY] = NULL;
  self->type_items = gtk_string_list_new (types);

  self->model = bp_table_model_new (NULL);
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  g_autoptr(GtkListItemFactory) line_factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (line_factory, "setup", G_CALLBACK (line_setup), self);
  g_signal_connect (line_factory, "bind", G_CALLBACK (line_bind), self);
  self->line_column = gtk_column_view_column_new (_("Line"), g_object_ref (line_factory));
  gtk_column_view_append_column (self->column_view, self->line_column);

  /* Column names can be long: ellipsize the shown one, list them in full,
   * and let the user type to find one in a wide table. */
  g_autoptr(GtkListItemFactory) short_factory = short_item_factory_new (14);
  g_autoptr(GtkListItemFactory) full_factory = short_item_factory_new (-32);
  self->updating++;
  gtk_drop_down_set_factory (self->target_drop, short_factory);
  gtk_drop_down_set_list_factory (self->target_drop, full_factory);
  /* "Auto (detected: Multiclass)" would squeeze the row's title ("Task")
   * to a letter a line. */
  g_autoptr(GtkListItemFactory) task_factory = short_item_factory_new (18);
  g_autoptr(GtkListItemFactory) task_list_factory = short_item_factory_new (-32);
  gtk_drop_down_set_factory (self->task_drop, task_factory);
  gtk_drop_down_set_list_factory (self->task_drop, task_list_factory);
  /* The drop-down takes its own reference to the expression. */
  g_autoptr(GtkExpression) search_by = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->target_drop, search_by);
  gtk_drop_down_set_enable_search (self->target_drop, TRUE);
  self->updating--;

  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->side_panel));
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_side_panel_scrolled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (on_side_panel_scrolled), self, G_CONNECT_SWAPPED);

  sync_all (self);
}

/* Public API */

GtkWidget *
bp_data_view_new (void)
{
  return g_object_new (BP_TYPE_DATA_VIEW, NULL);
}

void
bp_data_view_set_table (BpDataView *self, BpTable *table)
{
  g_return_if_fail (BP_IS_DATA_VIEW (self));

  /* Empty the preview first so no cell binds against a table in flux. */
  bp_table_model_set_table (self->model, NULL);
  clear_columns (self);
  g_clear_pointer (&self->roles, g_free);
  self->table = table;
  bp_dataset_options_init (&self->options);
  self->split_made = BP_SPLIT_KERAS;
  bp_data_view_set_messages (self, NULL, NULL);

  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  if (table != NULL)
    for (gsize c = 0; c < table->n_columns; c++)
      gtk_string_list_append (names, table->columns[c].name);
  self->updating++;
  gtk_drop_down_set_model (self->target_drop, G_LIST_MODEL (names));
  self->updating--;

  if (table == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->preview_note), FALSE);
      gtk_label_set_text (self->summary_label, _("No file open"));
      gtk_stack_set_visible_child_name (self->table_stack, "empty");
      sync_all (self);
      return;
    }

  self->roles = g_new0 (BpColumnRole, MAX (table->n_columns, 1));
  self->options.target = bp_dataset_default_target (table);
  for (gsize c = 0; c < table->n_columns; c++)
    g_ptr_array_add (self->columns, column_ui_new (self, c));
  for (gsize c = 0; c < table->n_columns; c++)
    {
      ColumnUi *ui = self->columns->pdata[c];
      column_row_build (self, ui);
      if (c < DROPS_AT_ONCE)
        column_drops_build (self, ui);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->preview_note), table->n_columns > PREVIEW_COLUMNS_MAX);
  if (table->n_columns > PREVIEW_COLUMNS_MAX)
    {
      g_autofree char *note =
        g_strdup_printf (_("The table shows the first %d of %lu columns. All of them are listed on the right."),
                         PREVIEW_COLUMNS_MAX, (gulong) table->n_columns);
      gtk_label_set_text (self->preview_note, note);
    }

  const char *file = table->display_name ? table->display_name : table->path;
  g_autofree char *basename = file ? g_path_get_basename (file) : g_strdup (_("Data"));
  g_autofree char *rows = g_strdup_printf (ngettext ("%'lu row", "%'lu rows", (gulong) table->n_rows),
                                           (gulong) table->n_rows);
  g_autofree char *columns = g_strdup_printf (ngettext ("%'lu column", "%'lu columns", (gulong) table->n_columns),
                                              (gulong) table->n_columns);
  g_autofree char *summary = g_strdup_printf ("%s · %s · %s", basename, rows, columns);
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary_label), table->path);

  bp_table_model_set_table (self->model, table);
  gtk_stack_set_visible_child_name (self->table_stack, "table");
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  if (adjustment != NULL)
    gtk_adjustment_set_value (adjustment, 0.0);
  adjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->column_view));
  if (adjustment != NULL)
    gtk_adjustment_set_value (adjustment, 0.0);

  sync_all (self);
}

BpTable *
bp_data_view_get_table (BpDataView *self)
{
  g_return_val_if_fail (BP_IS_DATA_VIEW (self), NULL);
  return self->table;
}

void
bp_data_view_get_options (BpDataView *self, BpDatasetOptions *options)
{
  g_return_if_fail (BP_IS_DATA_VIEW (self));
  g_return_if_fail (options != NULL);

  *options = self->options;
  options->roles = self->table ? self->roles : NULL;
}

void
bp_data_view_set_options (BpDataView *self, const BpDatasetOptions *options)
{
  g_return_if_fail (BP_IS_DATA_VIEW (self));
  g_return_if_fail (options != NULL);

  self->options = *options;
  self->options.roles = NULL;
  self->options.validation_fraction = CLAMP (options->validation_fraction, VALIDATION_MIN, VALIDATION_MAX);
  if ((guint) self->options.task > BP_TASK_REGRESSION)
    self->options.task = BP_TASK_AUTO;
  if ((guint) self->options.split > BP_SPLIT_AUTO)
    self->options.split = BP_SPLIT_AUTO;
  if ((guint) self->options.scaling > BP_SCALING_NONE)
    self->options.scaling = BP_SCALING_STANDARDIZE;
  if ((guint) self->options.missing > BP_MISSING_IMPUTE)
    self->options.missing = BP_MISSING_DROP;

  if (self->table != NULL)
    {
      const gsize n = self->table->n_columns;
      int target = options->target;

      for (gsize c = 0; c < n; c++)
        {
          BpColumnRole role = options->roles ? options->roles[c] : BP_ROLE_AUTO;
          if (role == BP_ROLE_TARGET && target < 0)
            target = (int) c;
          /* The target lives in options.target alone. */
          self->roles[c] = role == BP_ROLE_FEATURE || role == BP_ROLE_IGNORED ? role : BP_ROLE_AUTO;
        }
      if (target < 0 || (gsize) target >= n)
        target = bp_dataset_default_target (self->table);
      if (target >= 0)
        self->roles[target] = BP_ROLE_AUTO;
      self->options.target = target;
    }

  sync_all (self);
}

void
bp_data_view_set_split_made (BpDataView *self, BpSplit split)
{
  g_return_if_fail (BP_IS_DATA_VIEW (self));
  g_return_if_fail (split <= BP_SPLIT_STRATIFIED);

  self->split_made = split;
  if (self->options.split != BP_SPLIT_AUTO)
    return;
  self->updating++;
  gtk_drop_down_set_selected (self->split_drop, (guint) split);
  self->updating--;
}

void
bp_data_view_set_messages (BpDataView *self, const GPtrArray *warnings, const char *error)
{
  g_return_if_fail (BP_IS_DATA_VIEW (self));

  bp_message_list_clear (self->messages_list);
  if (error != NULL)
    bp_message_list_add (self->messages_list, TRUE, error);
  if (warnings != NULL)
    for (guint i = 0; i < warnings->len; i++)
      bp_message_list_add (self->messages_list, FALSE, g_ptr_array_index ((GPtrArray *) warnings, i));
  gtk_widget_set_visible (self->messages_separator, gtk_widget_get_visible (GTK_WIDGET (self->messages_list)));
}

void
bp_data_view_set_locked (BpDataView *self, gboolean locked)
{
  g_return_if_fail (BP_IS_DATA_VIEW (self));

  self->locked = !!locked;
  sync_sensitivity (self);
}

gboolean
bp_data_view_get_locked (BpDataView *self)
{
  g_return_val_if_fail (BP_IS_DATA_VIEW (self), FALSE);
  return self->locked;
}

char **
bp_data_view_dup_missing_markers (BpDataView *self, gboolean *keep_empty)
{
  g_return_val_if_fail (BP_IS_DATA_VIEW (self), NULL);
  /* Commas part them; spaces around them are no part of a marker (cells
   * are trimmed before they are compared). */
  g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->markers_row)), ",", -1);
  g_autoptr(GStrvBuilder) markers = g_strv_builder_new ();
  for (char **part = parts; *part; part++)
    {
      g_strstrip (*part);
      if (**part != '\0')
        g_strv_builder_add (markers, *part);
    }
  if (keep_empty)
    *keep_empty = !gtk_switch_get_active (self->empty_switch);
  return g_strv_builder_end (markers);
}
