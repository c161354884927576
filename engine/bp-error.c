#include "bp-error.h"

G_DEFINE_QUARK (bp-engine-error-quark, bp_engine_error)
