# Thin wrapper over meson. `make run` builds and starts Backprop,
# `make test` runs every test; both install missing build dependencies.
BUILD ?= _build
MESON_ARGS ?=
FILE ?=

.PHONY: all deps build run test bench bench-csv bench-train bench-epochs bench-chart bench-memory clean

all: build

deps:
	@tools/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_ARGS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

run: build
	GSETTINGS_SCHEMA_DIR=$(BUILD)/resources BACKPROP_LOCALEDIR=$(BUILD)/po $(BUILD)/app/backprop $(FILE)

# The export tests also need PyTorch, ONNX and an ONNX runtime.
test: build
	@tools/install-deps.sh test
	tools/run-tests.sh $(BUILD)

# BENCH_ARGS=--quick for a smoke test of the scripts (not for numbers).
BENCH_ARGS ?=

bench: bench-csv bench-train bench-epochs bench-chart bench-memory

bench-csv: build
	@tools/install-deps.sh bench
	/usr/bin/python3 bench/bench_csv.py --cli $(BUILD)/app/backprop-cli $(BENCH_ARGS)

bench-train: build
	@tools/install-deps.sh bench
	/usr/bin/python3 bench/bench_train.py --cli $(BUILD)/app/backprop-cli $(BENCH_ARGS)

bench-epochs: build
	@tools/install-deps.sh bench
	/usr/bin/python3 bench/bench_epochs.py --cli $(BUILD)/app/backprop-cli $(BENCH_ARGS)

# Peak RSS of the CLI and the app training Fashion-MNIST and 1 500 000 rows.
bench-memory: build
	@tools/install-deps.sh bench
	/usr/bin/python3 bench/bench_memory.py --build $(BUILD) $(BENCH_MEMORY_ARGS)

clean:
	rm -rf $(BUILD)

# The loss chart filling up to 10 million batch points (needs Xvfb for Pango).
bench-chart: build
	xvfb-run -a $(BUILD)/bench/chart-draw --out bench/results/chart.md $(BENCH_CHART_ARGS)
