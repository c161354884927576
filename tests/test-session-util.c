/* test-session-util.c: the run the session tests prepare. */
#include "test-session-util.h"

#include "test-util.h"

void
prepare_iris_session (BpTrainingSession *session, guint epochs, BpOptimizerKind optimizer, float lr)
{
  g_autoptr(BpTable) table = load_sample ("iris.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.split = BP_SPLIT_SHUFFLE;
  BpDataset *dataset = make_dataset (table, &options);

  g_autoptr(BpModelSpec) spec = bp_model_spec_new (dataset->n_features);
  bp_model_spec_add_layer (spec, 16, BP_ACTIVATION_RELU, 0.0f);
  bp_model_spec_add_output (spec, dataset->task, dataset->n_outputs);

  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = epochs;
  config.batch_size = 16;
  bp_optimizer_config_init (&config.optimizer, optimizer);
  config.optimizer.learning_rate = lr;

  g_autoptr(GError) error = NULL;
  g_assert_true (bp_training_session_prepare (session, dataset, &options, spec, &config, &error));
  g_assert_no_error (error);
}
