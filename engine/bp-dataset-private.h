/* bp-dataset-private.h: what bp-dataset.c shares with bp-transform.c,
 * which encodes new rows with a saved transform as bp-dataset.c encodes
 * training rows. Engine-internal: no other file includes it. */
#pragma once

#include "bp-dataset.h"

G_BEGIN_DECLS

/* The most classes a target may have: as many as a categorical column. */
#define MAX_CLASSES BP_MAX_CATEGORIES

void   bp_feature_clear          (BpFeature       *feature);
/* The name of a feature's l-th input: "size", or "color=red" for one-hot. */
char  *bp_feature_input_name     (const BpFeature *feature,
                                  gsize            l);
/* Adds a warning for people (dataset->warnings). */
void   bp_dataset_warn           (BpDataset       *dataset,
                                  const char      *format,
                                  ...) G_GNUC_PRINTF (2, 3);
/* Says how many cells were filled in, and with what. */
void   bp_dataset_report_imputed (BpDataset       *dataset,
                                  const BpTable   *table);

G_END_DECLS
