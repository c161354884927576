// onnx-run.js MODEL.onnx INPUTS.json: run an ONNX model with onnxruntime-node
// and print its outputs as JSON ({name: {dims, data}}). INPUTS.json maps each
// graph input to its column of values (null: missing, fed as NaN).
// The package is found in $BP_ONNXRUNTIME_NODE (a node_modules folder's parent).
'use strict';
const fs = require('fs');

async function main() {
  const [modelPath, inputsPath] = process.argv.slice(2);
  const where = process.env.BP_ONNXRUNTIME_NODE || process.cwd();
  const ort = require(require.resolve('onnxruntime-node', { paths: [where] }));
  const inputs = JSON.parse(fs.readFileSync(inputsPath, 'utf8'));
  const session = await ort.InferenceSession.create(modelPath);
  const feeds = {};
  for (const name of session.inputNames) {
    const values = inputs[name].map((v) => (v === null ? NaN : v));
    feeds[name] = new ort.Tensor('float32', Float32Array.from(values), [values.length, 1]);
  }
  const results = await session.run(feeds);
  const out = {};
  for (const name of session.outputNames)
    out[name] = { dims: results[name].dims, data: Array.from(results[name].data) };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((error) => {
  console.error('onnx-run: ' + error);
  process.exit(1);
});
