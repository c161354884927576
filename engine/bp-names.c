#include "bp-names.h"

const char * const bp_init_names[] = { "glorot_uniform", "he_uniform", "he_normal", NULL };
const char * const bp_scaling_names[] = { "standardize", "minmax", "none", NULL };
const char * const bp_missing_names[] = { "drop", "impute", NULL };
const char * const bp_schedule_names[] = { "constant", "step", "exponential", "cosine", "plateau", NULL };
const char * const bp_monitor_names[] = { "val_loss", "val_metric", NULL };
const char * const bp_optimizer_names[] = { "sgd", "momentum", "rmsprop", "adam", "adamw", NULL };
const char * const bp_split_names[] = { "keras", "shuffle", "stratified", "auto", NULL };
/* In BpLoss's order (bp-loss.c checks); the regression losses are the
 * tail, from BP_LOSS_MSE: front ends list and read them as
 * bp_loss_names + BP_LOSS_MSE. */
const char * const bp_loss_names[] = {
  "binary_crossentropy", "categorical_crossentropy", "mse", "mae", "huber", NULL,
};

int
bp_names_find (const char * const *names, const char *text)
{
  for (int i = 0; names[i]; i++)
    if (g_ascii_strcasecmp (names[i], text) == 0)
      return i;
  return -1;
}

const char *
bp_names_get (const char * const *names, int value)
{
  for (int i = 0; names[i]; i++)
    if (i == value)
      return names[i];
  return "unknown";
}

char *
bp_names_list (const char * const *names)
{
  GString *out = g_string_new (NULL);
  for (int i = 0; names[i]; i++)
    {
      if (i > 0)
        g_string_append (out, names[i + 1] ? ", " : " or ");
      g_string_append (out, names[i]);
    }
  return g_string_free (out, FALSE);
}
