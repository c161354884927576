/* bp-task.c: tasks and their metric as words (see bp-task.h). */
#include "bp-task.h"

const char *
bp_task_to_string (BpTask task)
{
  switch (task)
    {
    case BP_TASK_BINARY:     return "binary";
    case BP_TASK_MULTICLASS: return "multiclass";
    case BP_TASK_REGRESSION: return "regression";
    case BP_TASK_AUTO:
    default:                 return "auto";
    }
}

gboolean
bp_task_from_string (const char *text, BpTask *task)
{
  for (BpTask t = BP_TASK_AUTO; t <= BP_TASK_REGRESSION; t++)
    if (g_ascii_strcasecmp (text, bp_task_to_string (t)) == 0)
      {
        *task = t;
        return TRUE;
      }
  return FALSE;
}

const char *
bp_metric_name (BpTask task)
{
  return task == BP_TASK_REGRESSION ? "mae" : "accuracy";
}
