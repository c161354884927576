# ---------------------------------------------------------------------------
# The network (Backprop's model page)
# ---------------------------------------------------------------------------

ACTIVATIONS = {
    "relu": nn.ReLU, "leaky_relu": lambda: nn.LeakyReLU(0.01), "elu": nn.ELU,
    "gelu": nn.GELU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "linear": nn.Identity,
}


def build_network(n_inputs, n_outputs):
    """Dense layers as LAYERS says, then the output layer. The output gives logits: its
    sigmoid or softmax is part of the loss, as in Backprop (bp-loss.c)."""
    layers, width = [], n_inputs
    for units, activation, dropout in LAYERS:
        layers.append(nn.Linear(width, units))
        layers.append(ACTIVATIONS[activation]())
        if dropout > 0.0:
            layers.append(nn.Dropout(dropout))
        width = units
    layers.append(nn.Linear(width, n_outputs))
    return nn.Sequential(*layers)


def dense_layers(network):
    return [module for module in network if isinstance(module, nn.Linear)]


def initialize(network, seed):
    """INIT with Backprop's generator (stream 1), so the first weights are the app's: Backprop
    stores W as inputs × outputs, row by row, which is PyTorch's weight transposed."""
    rng = PCG32(seed, 1)
    with torch.no_grad():
        for layer in dense_layers(network):
            n_out, n_in = layer.weight.shape
            if INIT == "he_normal":
                std = math.sqrt(2.0 / n_in)
                values = [std * rng.normal() for _ in range(n_in * n_out)]
            else:
                limit = math.sqrt(6.0 / n_in) if INIT == "he_uniform" else math.sqrt(6.0 / (n_in + n_out))
                values = [(2.0 * rng.uniform() - 1.0) * limit for _ in range(n_in * n_out)]
            layer.weight.copy_(torch.tensor(values, dtype=torch.float64).view(n_in, n_out).t())
            layer.bias.zero_()


def load_weights(network, path):
    """The trained weights Backprop saved (WEIGHTS_FILE, next to this script)."""
    with open(path, encoding="utf-8") as stream:
        saved = json.load(stream)
    with torch.no_grad():
        for layer, weights in zip(dense_layers(network), saved["layers"]):
            layer.weight.copy_(torch.tensor(weights["weight"], dtype=torch.float32))
            layer.bias.copy_(torch.tensor(weights["bias"], dtype=torch.float32))


def outputs_of(logits):
    """Probabilities or values, as the output layer's activation gives them."""
    if TASK == "binary":
        return torch.sigmoid(logits)
    if TASK == "multiclass":
        return torch.softmax(logits, dim=1)
    return logits


def loss_of(logits, y, smoothing):
    """LOSS, a mean over the batch; CLASS_WEIGHTS scale each row's loss (bp-loss.c)."""
    if LOSS == "binary_crossentropy":
        target = y * (1.0 - smoothing) + 0.5 * smoothing if smoothing > 0.0 else y
        rows = nn.functional.binary_cross_entropy_with_logits(logits, target, reduction="none").mean(dim=1)
        labels = (y[:, 0] > 0.5).long()
    elif LOSS == "categorical_crossentropy":
        labels = y.argmax(dim=1)
        rows = nn.functional.cross_entropy(logits, labels, reduction="none", label_smoothing=smoothing)
    else:
        if LOSS == "mae":
            values = nn.functional.l1_loss(logits, y, reduction="none")
        elif LOSS == "huber":
            values = nn.functional.huber_loss(logits, y, reduction="none", delta=1.0)
        else:
            values = nn.functional.mse_loss(logits, y, reduction="none")
        return values.mean()
    if CLASS_WEIGHTS is not None:
        rows = rows * torch.tensor(CLASS_WEIGHTS, dtype=rows.dtype, device=rows.device)[labels]
    return rows.mean()


def penalty(network):
    """L1 and L2 on the weights (not the biases), added to the loss as Keras's kernel regularizers."""
    total = 0.0
    if L1 > 0.0 or L2 > 0.0:
        for layer in dense_layers(network):
            total = total + L1 * layer.weight.abs().sum() + L2 * (layer.weight ** 2).sum()
    return total


def metric_sum(outputs, y, target_scale):
    """Right answers (accuracy) or the absolute error in the target's units (MAE), summed."""
    if TASK == "regression":
        return float((outputs - y).abs().sum().item()) * target_scale / y.shape[1]
    if TASK == "binary":
        return float(((outputs[:, 0] >= 0.5) == (y[:, 0] >= 0.5)).sum().item())
    return float((outputs.argmax(dim=1) == y.argmax(dim=1)).sum().item())


def make_optimizer(network):
    """OPTIMIZER with Backprop's constants. Backprop's update rules are PyTorch's."""
    params = network.parameters()
    if OPTIMIZER == "sgd":
        return torch.optim.SGD(params, lr=LEARNING_RATE)
    if OPTIMIZER == "momentum":
        return torch.optim.SGD(params, lr=LEARNING_RATE, momentum=MOMENTUM, nesterov=NESTEROV)
    if OPTIMIZER == "rmsprop":
        return torch.optim.RMSprop(params, lr=LEARNING_RATE, alpha=RHO, eps=EPSILON)
    if OPTIMIZER == "adamw":
        return torch.optim.AdamW(params, lr=LEARNING_RATE, betas=(BETA1, BETA2), eps=EPSILON,
                                 weight_decay=WEIGHT_DECAY)
    return torch.optim.Adam(params, lr=LEARNING_RATE, betas=(BETA1, BETA2), eps=EPSILON)


def scheduled_rate(epoch, current):
    """SCHEDULE: the learning rate of a 0-based epoch (the plateau schedule changes it at epoch ends)."""
    if SCHEDULE == "step":
        return LEARNING_RATE * SCHEDULE_FACTOR ** math.floor(epoch / max(SCHEDULE_STEP_EPOCHS, 1))
    if SCHEDULE == "exponential":
        return LEARNING_RATE * SCHEDULE_FACTOR ** epoch
    if SCHEDULE == "cosine":
        return SCHEDULE_MIN_RATE + 0.5 * (LEARNING_RATE - SCHEDULE_MIN_RATE) * (1.0 + math.cos(math.pi * epoch / EPOCHS))
    if SCHEDULE == "plateau":
        return current
    return LEARNING_RATE


class BackpropOrderSampler(DistributedSampler):
    """Each epoch, Backprop's order of the training rows (its generator, stream 2, shuffling
    them as bp-trainer.c does), dealt out to the processes as DistributedSampler deals its own.
    With one process this is exactly Backprop's order of batches."""

    def __init__(self, rows, seed, shuffle, num_replicas, rank):
        super().__init__(rows, num_replicas=num_replicas, rank=rank, shuffle=False)
        self.rows, self.reshuffle, self.rng = list(rows), shuffle, PCG32(seed, 2)

    def __iter__(self):
        order = list(self.rows)
        if self.reshuffle:
            self.rng.shuffle(order)
        order += order[:self.total_size - len(order)]      # every process gets as many rows
        return iter(order[self.rank:self.total_size:self.num_replicas])


def json_number(value, as_float32=False):
    if value is None or not math.isfinite(value):
        return "null"
    return format_float32(value) if as_float32 else format_double(value)


def epoch_line(record):
    """One line with the fields of `backprop-cli train --json`."""
    metric = "mae" if TASK == "regression" else "accuracy"
    fields = [("epoch", str(record["epoch"])), ("epochs", str(EPOCHS)),
              ("loss", json_number(record["loss"])), (metric, json_number(record["metric"])),
              ("val_loss", json_number(record["val_loss"])), ("val_" + metric, json_number(record["val_metric"])),
              ("learning_rate", json_number(record["learning_rate"], True)),
              ("seconds", json_number(record["seconds"])),
              ("samples_per_second", json_number(record["samples_per_second"]))]
    return "{" + ", ".join('"%s": %s' % field for field in fields) + "}"


# ---------------------------------------------------------------------------
# Training (Backprop's training page; bp-trainer.c)
# ---------------------------------------------------------------------------

def evaluate(network, x, y, rows, target_scale, device):
    """Loss (without label smoothing, as Keras reports it) and metric on some rows."""
    if not rows:
        return None, None
    network.eval()
    with torch.no_grad():
        index = torch.tensor(rows, device=device)
        logits = network(x[index])
        loss = float(loss_of(logits, y[index], 0.0)) + float(penalty(network))
        metric = metric_sum(outputs_of(logits), y[index], target_scale) / len(rows)
    return loss, metric


def elapsed_everywhere(started, world, device):
    """Seconds since the start; with several processes the longest, so all stop together."""
    elapsed = torch.tensor([time.monotonic() - started], dtype=torch.float64, device=device)
    if world > 1:
        dist.all_reduce(elapsed, op=dist.ReduceOp.MAX)
    return float(elapsed)


def train(data, seed, log, rank, world, device):
    x = torch.tensor(data["x"], dtype=torch.float32, device=device)
    y = torch.tensor(data["y"], dtype=torch.float32, device=device)
    target_scale = data["transform"]["target_scale"]
    network = build_network(x.shape[1], y.shape[1]).to(device)
    initialize(network, seed)
    model = network
    if world > 1:
        # Every process holds a copy; DistributedDataParallel averages the gradients.
        model = DistributedDataParallel(network, device_ids=[device.index] if device.type == "cuda" else None)
    optimizer = make_optimizer(network)
    sampler = BackpropOrderSampler(data["train"], seed, SHUFFLE, world, rank)
    batch = max(1, math.ceil(BATCH_SIZE / world))   # BATCH_SIZE rows per step over all processes

    rate, best, best_epoch, since_best = LEARNING_RATE, math.inf, 0, 0
    plateau_best, since_plateau_best = math.inf, 0
    best_state = copy.deepcopy(network.state_dict())
    good_state = copy.deepcopy(network.state_dict())
    started, stop_reason, history = time.monotonic(), None, []

    for epoch in range(EPOCHS):
        epoch_start = time.monotonic()
        rate = scheduled_rate(epoch, rate)
        for group in optimizer.param_groups:
            group["lr"] = rate
        model.train()
        rows = list(sampler)
        loss_total, metric_total, seen = 0.0, 0.0, 0
        for start in range(0, len(rows), batch):
            index = torch.tensor(rows[start:start + batch], device=device)
            logits = model(x[index])
            loss = loss_of(logits, y[index], LABEL_SMOOTHING) + penalty(network)
            if not math.isfinite(float(loss)):
                network.load_state_dict(good_state)
                stop_reason = "diverged"
                break
            optimizer.zero_grad()
            loss.backward()
            if CLIP_NORM > 0.0:
                nn.utils.clip_grad_norm_(network.parameters(), CLIP_NORM)
            optimizer.step()
            loss_total += float(loss) * len(index)
            metric_total += metric_sum(outputs_of(logits.detach()), y[index], target_scale)
            seen += len(index)
        if stop_reason == "diverged":
            break
        if world > 1:
            # The epoch's loss and metric over every process's rows.
            totals = torch.tensor([loss_total, metric_total, float(seen)], dtype=torch.float64, device=device)
            dist.all_reduce(totals)
            loss_total, metric_total, seen = totals.tolist()
        val_loss, val_metric = evaluate(network, x, y, data["validation"], target_scale, device)
        seconds = time.monotonic() - epoch_start
        record = {"epoch": epoch + 1, "loss": loss_total / max(seen, 1), "metric": metric_total / max(seen, 1),
                  "val_loss": val_loss, "val_metric": val_metric, "learning_rate": rate,
                  "seconds": seconds, "samples_per_second": seen / seconds if seconds > 0 else 0.0}
        history.append(record)
        good_state = copy.deepcopy(network.state_dict())
        if rank == 0:
            line = epoch_line(record)
            print(line, flush=True)
            if log:
                log.write(line + "\n")
                log.flush()

        # EARLY_STOPPING_PATIENCE and the plateau schedule watch MONITOR; lower is better.
        if MONITOR == "val_metric":
            value = val_metric if val_metric is not None else record["metric"]
            value = -value if TASK != "regression" else value
        else:
            value = val_loss if val_loss is not None else record["loss"]
        if value < best - MIN_DELTA:
            best, best_epoch, since_best = value, epoch + 1, 0
            best_state = copy.deepcopy(network.state_dict())
        else:
            since_best += 1
        if SCHEDULE == "plateau":
            if value < plateau_best - MIN_DELTA:
                plateau_best, since_plateau_best = value, 0
            else:
                since_plateau_best += 1
                if since_plateau_best >= max(SCHEDULE_PATIENCE, 1):
                    rate, since_plateau_best = max(rate * SCHEDULE_FACTOR, SCHEDULE_MIN_RATE), 0

        if EARLY_STOPPING_PATIENCE > 0 and since_best >= EARLY_STOPPING_PATIENCE:
            stop_reason = "early_stopping"
            if RESTORE_BEST:
                network.load_state_dict(best_state)
            break
        if TARGET_METRIC is not None and val_metric is not None and (
                val_metric >= TARGET_METRIC if TASK != "regression" else val_metric <= TARGET_METRIC):
            stop_reason = "target_reached"
            break
        if TIME_LIMIT > 0 and elapsed_everywhere(started, world, device) >= TIME_LIMIT:
            stop_reason = "time_limit"
            break
    return network, history, stop_reason or "epochs", best_epoch


# ---------------------------------------------------------------------------
# Prediction: the CSV file `backprop-cli predict -o` writes
# ---------------------------------------------------------------------------

def csv_field(text):
    if any(c in text for c in ',"\r\n') or text[:1] == " " or text[-1:] == " ":
        return '"' + text.replace('"', '""') + '"'
    return text


def predict(network, transform, path, out):
    header, rows = read_csv(path)
    x = torch.tensor(encode_features(header, rows, transform["features"]), dtype=torch.float32)
    network.eval()
    with torch.no_grad():
        outputs = outputs_of(network(x)).tolist()
    classes = transform["classes"] or []
    lines = [",".join([csv_field(TARGET)] + [csv_field("p_" + name) for name in classes])]
    for o in outputs:
        if TASK == "regression":
            value = o[0] * transform["target_scale"] + transform["target_center"]
            lines.append(format_float32(value))
        elif TASK == "binary":
            p = struct.unpack("<f", struct.pack("<f", o[0]))[0]
            lines.append(",".join([csv_field(classes[1 if p >= 0.5 else 0]),
                                   format_float32(1.0 - p), format_float32(p)]))
        else:
            best = max(range(len(o)), key=lambda j: (o[j], -j))
            lines.append(",".join([csv_field(classes[best])] + [format_float32(p) for p in o]))
    text = "\n".join(lines) + "\n"
    if out in (None, "-"):
        sys.stdout.write(text)
    else:
        with open(out, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)


# ---------------------------------------------------------------------------

def find_data_file(path):
    """A relative DATA_FILE is looked for here, then next to this script."""
    beside = os.path.join(os.path.dirname(os.path.abspath(__file__)), path)
    return path if os.path.isabs(path) or os.path.exists(path) or not os.path.exists(beside) else beside


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=DATA_FILE, help="the CSV file to train on (default: %(default)s)")
    parser.add_argument("--log", help="also write the JSON lines to this file (only process 0 does)")
    parser.add_argument("--seed", type=int, default=None,
                        help="seed of the split, the first weights and the shuffles (default: %d)" % SEED)
    parser.add_argument("--save", help="save the trained weights (torch.save of the state dict)")
    parser.add_argument("--split-rows", metavar="FILE",
                        help="also write the file's data rows (from 0) in each part of the split to FILE, as JSON")
    if WEIGHTS_FILE:
        parser.add_argument("--predict", metavar="DATA.csv",
                            help="predict with Backprop's trained weights instead of training")
        parser.add_argument("-o", "--output", help="where --predict writes its CSV (default: standard output)")
    args = parser.parse_args()

    if WEIGHTS_FILE and args.predict:
        network = build_network(TRANSFORM["inputs"], TRANSFORM["outputs"])
        load_weights(network, os.path.join(os.path.dirname(os.path.abspath(__file__)), WEIGHTS_FILE))
        predict(network, TRANSFORM, args.predict, args.output)
        return
    if args.data is None:
        parser.error("--data is needed: the model does not name its CSV file")
    data_file = find_data_file(args.data)

    # torchrun sets WORLD_SIZE, RANK and LOCAL_RANK; a plain run is one process.
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0"))) if torch.cuda.is_available() else torch.device("cpu")
    if world > 1:
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    if device.type == "cuda":
        torch.cuda.set_device(device)

    seed = SEED if args.seed is None else args.seed
    split_seed = SPLIT_SEED if args.seed is None else args.seed
    data = load_dataset(data_file, split_seed)
    if args.split_rows and rank == 0:
        rows = data["source_rows"]
        with open(args.split_rows, "w", encoding="utf-8") as stream:
            json.dump({part: [rows[i] for i in data[part]] for part in ("train", "validation", "test")}, stream)
    log = open(args.log, "w", encoding="utf-8") if args.log and rank == 0 else None
    network, history, stop_reason, best_epoch = train(data, seed, log, rank, world, device)
    if rank == 0:
        last = history[-1] if history else {}
        metric = "mae" if TASK == "regression" else "accuracy"
        print(json.dumps({"final": True, "epochs": len(history), "stop_reason": stop_reason,
                          "best_epoch": best_epoch, "loss": last.get("loss"), metric: last.get("metric"),
                          "val_loss": last.get("val_loss"), "val_" + metric: last.get("val_metric"),
                          "train_rows": len(data["train"]), "validation_rows": len(data["validation"]),
                          "processes": world, "seed": seed}), flush=True)
        if args.save:
            torch.save(network.state_dict(), args.save)
    if log:
        log.close()
    if world > 1:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
