/* check-icon.c: are an app's icons installed where a desktop finds them?
 *
 *   check-icon ICONS_DIR APP_ID
 *
 * Looks APP_ID and APP_ID-symbolic up in the hicolor theme of ICONS_DIR
 * alone (an icon theme of our own, so neither the system's icons nor the
 * copies compiled into the app can answer) and checks that each resolves
 * to an SVG file inside ICONS_DIR that GTK can load and that draws
 * something (an SVG whose <svg> element comes too late for gdk-pixbuf's type
 * sniffing, or that draws nothing, fails). Needs a display (test-install.sh
 * runs under Xvfb).
 */
#include <gtk/gtk.h>
#include <string.h>

static gboolean
check (GtkIconTheme *theme, const char *icons_dir, const char *name, int size)
{
  if (!gtk_icon_theme_has_icon (theme, name))
    {
      g_printerr ("check-icon: %s is not in %s\n", name, icons_dir);
      return FALSE;
    }
  g_autoptr(GtkIconPaintable) icon =
    gtk_icon_theme_lookup_icon (theme, name, NULL, size, 1, GTK_TEXT_DIR_NONE, 0);
  g_autoptr(GFile) file = icon ? gtk_icon_paintable_get_file (icon) : NULL;
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  if (!path || !g_str_has_prefix (path, icons_dir) || !g_str_has_suffix (path, ".svg"))
    {
      g_printerr ("check-icon: %s at %d px came from %s, not an SVG in %s\n",
                  name, size, path ? path : "nowhere", icons_dir);
      return FALSE;
    }

  /* Loaded as GTK loads the icon's file (through gdk-pixbuf's SVG loader). */
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_file (file, &error);
  if (!texture)
    {
      g_printerr ("check-icon: %s does not load: %s\n", path, error->message);
      return FALSE;
    }
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);   /* premultiplied ARGB32 */
  gsize opaque = 0;
  for (gsize i = 0; i < stride * height; i += 4)
    {
      guint32 pixel;
      memcpy (&pixel, pixels + i, 4);
      opaque += (pixel >> 24) > 128;
    }
  /* A tenth of the canvas at least: ours cover far more, an empty or
   * mostly clipped drawing does not. */
  if (opaque * 10 < (gsize) width * height)
    {
      g_printerr ("check-icon: %s draws only %" G_GSIZE_FORMAT " of %d pixels\n",
                  path, opaque, width * height);
      return FALSE;
    }
  g_print ("%s (%d px): %s, %dx%d, %" G_GSIZE_FORMAT " pixels drawn\n",
           name, size, path, width, height, opaque);
  return TRUE;
}

int
main (int argc, char **argv)
{
  if (argc != 3)
    {
      g_printerr ("usage: check-icon ICONS_DIR APP_ID\n");
      return 2;
    }
  gtk_init ();

  const char *icons_dir = argv[1];
  const char *search_path[] = { icons_dir, NULL };
  g_autoptr(GtkIconTheme) theme = gtk_icon_theme_new ();
  gtk_icon_theme_set_search_path (theme, search_path);
  const char *no_resources[] = { NULL };   /* (NULL crashes GTK 4.8) */
  gtk_icon_theme_set_resource_path (theme, no_resources);
  gtk_icon_theme_set_theme_name (theme, "hicolor");

  g_autofree char *symbolic = g_strconcat (argv[2], "-symbolic", NULL);
  gboolean ok = TRUE;
  ok &= check (theme, icons_dir, argv[2], 16);
  ok &= check (theme, icons_dir, argv[2], 128);
  ok &= check (theme, icons_dir, symbolic, 16);
  return ok ? 0 : 1;
}
