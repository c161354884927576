/* validate-ui-preload.c: lets GTK 4.8's `gtk4-builder-tool validate` check
 * our .ui files. validate-ui.sh LD_PRELOADs it into the tool.
 *
 * The tool finds a class by name the way GtkBuilderCScope does: a registered
 * type (g_type_from_name), else the `foo_bar_get_type` symbol that
 * g_module_symbol finds in the program; a signal handler is looked up as a
 * symbol too. This module carries the real libadwaita and Backprop widget
 * types, so every class, property and child in a .ui file is checked against
 * the real thing, and adds what the 4.8 tool lacks for templates:
 *
 *  - the template's own class does not resolve, so the tool makes a stand-in
 *    subclass of the declared parent, as it means to (the real class would
 *    first build its compiled-in copy of the template);
 *  - that parent is registered up front: the tool looks it up with
 *    g_type_from_name, which only knows registered types;
 *  - any other name looked up in the program resolves to a no-op handler, as
 *    in the fake scope of newer tools: handlers are static functions of the
 *    widget's C file, and the widget tests fail if one is not bound.
 *
 * BP_VALIDATE_TEMPLATE="Class Parent" names the template of the file checked.
 */
#include <dlfcn.h>
#include <string.h>

#include <gmodule.h>
#include <glib-object.h>

typedef gboolean (*ModuleSymbolFunc) (GModule *module, const char *name, gpointer *symbol);
typedef GType (*GetTypeFunc) (void);

static char *template_getter;   /* "bp_foo_get_type" of the template class */

/* BpLayerRow → bp_layer_row_get_type: GtkBuilder's rule for our names. */
static char *
get_type_symbol (const char *type_name)
{
  GString *symbol = g_string_new (NULL);
  for (const char *c = type_name; *c; c++)
    {
      if (g_ascii_isupper (*c) && c > type_name && (g_ascii_islower (c[-1]) || g_ascii_isdigit (c[-1])))
        g_string_append_c (symbol, '_');
      g_string_append_c (symbol, g_ascii_tolower (*c));
    }
  g_string_append (symbol, "_get_type");
  return g_string_free (symbol, FALSE);
}

static void
fake_handler (void)
{
}

gboolean
g_module_symbol (GModule *module, const char *name, gpointer *symbol)
{
  static ModuleSymbolFunc real_symbol;
  if (!real_symbol)
    real_symbol = (ModuleSymbolFunc) dlsym (RTLD_NEXT, "g_module_symbol");

  /* Only the program's own scope, where GtkBuilder looks: GIO modules and
   * others keep the real answers. */
  gboolean in_program = g_strcmp0 (g_module_name (module), "main") == 0;
  if (in_program && template_getter && strcmp (name, template_getter) == 0)
    {
      *symbol = NULL;
      return FALSE;
    }
  if (real_symbol (module, name, symbol))
    return TRUE;
  if (!in_program || g_str_has_suffix (name, "_get_type"))
    return FALSE;
  *symbol = (gpointer) fake_handler;
  return TRUE;
}

__attribute__((constructor)) static void
validate_ui_preload_init (void)
{
  const char *template = g_getenv ("BP_VALIDATE_TEMPLATE");
  if (!template || !*template)
    return;
  g_auto(GStrv) names = g_strsplit (template, " ", 2);
  if (!names[0] || !names[1])
    return;
  template_getter = get_type_symbol (names[0]);
  g_autofree char *parent_getter = get_type_symbol (names[1]);
  GetTypeFunc get_type = (GetTypeFunc) dlsym (RTLD_DEFAULT, parent_getter);
  if (get_type)
    g_type_ensure (get_type ());
}
