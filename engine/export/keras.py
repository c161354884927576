# ---------------------------------------------------------------------------
# The same recipe in Keras
# ---------------------------------------------------------------------------

def build_model(n_inputs, n_outputs):
    """Dense layers as LAYERS says, then the output layer with the activation that goes with LOSS."""
    model = keras.Sequential([keras.Input(shape=(n_inputs,))])
    for units, activation, dropout in LAYERS:
        model.add(keras.layers.Dense(units, activation=activation, kernel_initializer=INIT,
                                     kernel_regularizer=regularizer()))
        if dropout > 0.0:
            model.add(keras.layers.Dropout(dropout))
    output = {"binary": "sigmoid", "multiclass": "softmax"}.get(TASK, "linear")
    model.add(keras.layers.Dense(n_outputs, activation=output, kernel_initializer=INIT,
                                 kernel_regularizer=regularizer()))
    return model


def regularizer():
    """L1 and L2 on the weights, as Backprop adds them to the loss."""
    if L1 > 0.0 or L2 > 0.0:
        return keras.regularizers.L1L2(l1=L1, l2=L2)
    return None


def make_optimizer():
    """OPTIMIZER with Backprop's constants (Keras's defaults unless the recipe changed them)."""
    clip = {"global_clipnorm": CLIP_NORM} if CLIP_NORM > 0.0 else {}
    if OPTIMIZER == "sgd":
        return keras.optimizers.SGD(learning_rate=LEARNING_RATE, **clip)
    if OPTIMIZER == "momentum":
        return keras.optimizers.SGD(learning_rate=LEARNING_RATE, momentum=MOMENTUM, nesterov=NESTEROV, **clip)
    if OPTIMIZER == "rmsprop":
        return keras.optimizers.RMSprop(learning_rate=LEARNING_RATE, rho=RHO, epsilon=EPSILON, **clip)
    if OPTIMIZER == "adamw":
        return keras.optimizers.AdamW(learning_rate=LEARNING_RATE, weight_decay=WEIGHT_DECAY, beta_1=BETA1,
                                      beta_2=BETA2, epsilon=EPSILON, **clip)
    return keras.optimizers.Adam(learning_rate=LEARNING_RATE, beta_1=BETA1, beta_2=BETA2, epsilon=EPSILON, **clip)


def make_loss():
    if LOSS == "binary_crossentropy":
        return keras.losses.BinaryCrossentropy(label_smoothing=LABEL_SMOOTHING)
    if LOSS == "categorical_crossentropy":
        return keras.losses.CategoricalCrossentropy(label_smoothing=LABEL_SMOOTHING)
    return {"mae": "mae", "huber": keras.losses.Huber(delta=1.0)}.get(LOSS, "mse")


def schedule(epoch, rate):
    """SCHEDULE, per 0-based epoch."""
    if SCHEDULE == "step":
        return LEARNING_RATE * SCHEDULE_FACTOR ** math.floor(epoch / max(SCHEDULE_STEP_EPOCHS, 1))
    if SCHEDULE == "exponential":
        return LEARNING_RATE * SCHEDULE_FACTOR ** epoch
    if SCHEDULE == "cosine":
        return SCHEDULE_MIN_RATE + 0.5 * (LEARNING_RATE - SCHEDULE_MIN_RATE) * (1.0 + math.cos(math.pi * epoch / EPOCHS))
    return rate


class JsonLines(keras.callbacks.Callback):
    """One line per epoch with the fields of `backprop-cli train --json` (--log also writes them)."""

    def __init__(self, log):
        super().__init__()
        self.log = log

    def on_epoch_begin(self, epoch, logs=None):
        self.started = time.monotonic()

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        metric = "mae" if TASK == "regression" else "accuracy"
        seconds = time.monotonic() - self.started
        rate = float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate)) \
            if hasattr(keras, "ops") else float(keras.backend.get_value(self.model.optimizer.learning_rate))
        line = json.dumps({"epoch": epoch + 1, "epochs": EPOCHS, "loss": logs.get("loss"),
                           metric: logs.get(metric), "val_loss": logs.get("val_loss"),
                           "val_" + metric: logs.get("val_" + metric), "learning_rate": rate,
                           "seconds": seconds, "samples_per_second": None})
        print(line, flush=True)
        if self.log:
            self.log.write(line + "\n")
            self.log.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=DATA_FILE, help="the CSV file to train on (default: %(default)s)")
    parser.add_argument("--log", help="also write the JSON lines to this file")
    parser.add_argument("--seed", type=int, default=None, help="seed of the split and of Keras (default: %d)" % SEED)
    parser.add_argument("--save", help="save the trained model (model.save, e.g. model.keras)")
    args = parser.parse_args()
    if args.data is None:
        parser.error("--data is needed: the model does not name its CSV file")

    seed = SEED if args.seed is None else args.seed
    keras.utils.set_random_seed(seed)
    beside = os.path.join(os.path.dirname(os.path.abspath(__file__)), args.data)
    if not os.path.isabs(args.data) and not os.path.exists(args.data) and os.path.exists(beside):
        args.data = beside      # a relative DATA_FILE: next to this script
    data = load_dataset(args.data, SPLIT_SEED if args.seed is None else args.seed)
    x, y = np.array(data["x"], dtype="float32"), np.array(data["y"], dtype="float32")
    model = build_model(x.shape[1], y.shape[1])
    metric = "mae" if TASK == "regression" else "accuracy"
    model.compile(optimizer=make_optimizer(), loss=make_loss(), metrics=[metric])

    callbacks = [keras.callbacks.LearningRateScheduler(schedule)]
    if EARLY_STOPPING_PATIENCE > 0:
        monitor = "val_loss" if MONITOR == "val_loss" else "val_" + metric
        callbacks.append(keras.callbacks.EarlyStopping(monitor=monitor, patience=EARLY_STOPPING_PATIENCE,
                                                       min_delta=MIN_DELTA, restore_best_weights=RESTORE_BEST))
    if SCHEDULE == "plateau":
        callbacks.append(keras.callbacks.ReduceLROnPlateau(factor=SCHEDULE_FACTOR, patience=SCHEDULE_PATIENCE,
                                                           min_lr=SCHEDULE_MIN_RATE))
    log = open(args.log, "w", encoding="utf-8") if args.log else None
    callbacks.append(JsonLines(log))

    class_weight = dict(enumerate(CLASS_WEIGHTS)) if CLASS_WEIGHTS is not None else None
    if SPLIT == "keras" and TEST_FRACTION == 0.0:
        # Backprop's default split is Keras's own: the last VALIDATION_FRACTION of the rows.
        model.fit(x, y, validation_split=VALIDATION_FRACTION, epochs=EPOCHS, batch_size=BATCH_SIZE,
                  shuffle=SHUFFLE, callbacks=callbacks, class_weight=class_weight, verbose=0)
    else:
        # A shuffled or stratified split (or held-out test rows): the rows Backprop chose.
        train, validation = data["train"], data["validation"]
        model.fit(x[train], y[train], validation_data=(x[validation], y[validation]) if validation else None,
                  epochs=EPOCHS, batch_size=BATCH_SIZE, shuffle=SHUFFLE, callbacks=callbacks,
                  class_weight=class_weight, verbose=0)
    if log:
        log.close()
    if args.save:
        model.save(args.save)


if __name__ == "__main__":
    main()
