/* test-util.h: what the engine tests share: finding and loading data. */
#pragma once

#include "bp-engine.h"

/* A bundled sample (resources/samples), from $BP_SAMPLES or the source tree. */
char      *sample_path     (const char             *name);
BpTable   *load_sample     (const char             *name);
/* A copy of a bundled sample in a new temporary folder, returned in @dir. */
char      *copy_sample     (const char             *name,
                            char                  **dir);
/* CSV text in memory, read as if it were the file `name`. */
BpTable   *load_text_named (const char             *name,
                            const char             *csv);
BpDataset *make_dataset    (const BpTable          *table,
                            const BpDatasetOptions *options);
/* The same columns (names and types) and the same text in every cell. */
void       assert_same_cells (const BpTable        *a,
                              const BpTable        *b);
