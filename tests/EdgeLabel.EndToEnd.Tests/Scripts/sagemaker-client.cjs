// Independent SageMaker client for the embedded Ground Truth tests: the AWS SDK for JavaScript v3
// (@aws-sdk/client-sagemaker), pointed at the cloud node, shares nothing with our .NET client.
//   node sagemaker-client.cjs <endpoint> <Operation> '<input JSON>'
//     Operation: CreateLabelingJob | DescribeLabelingJob | ListLabelingJobs | StopLabelingJob
//   -> one JSON line on stdout: {"ok": <output without $metadata>} or
//      {"error": {"name", "message", "fault", "status", "instanceOfServiceException"}}; exit code 0 either way
//      (2 for a usage error). Timestamps come back as ISO strings.
// Needs NODE_PATH=<repo>/.cache/npm/node_modules and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment.
"use strict";
const sm = require("@aws-sdk/client-sagemaker");

async function main() {
  const [endpoint, operation, input] = process.argv.slice(2);
  const Command = sm[`${operation}Command`];
  if (!endpoint || !Command) {
    process.stderr.write("usage: sagemaker-client.cjs <endpoint> <Operation> '<input JSON>'\n");
    process.exit(2);
  }
  const client = new sm.SageMakerClient({
    endpoint,
    region: process.env.AWS_REGION || "us-east-1",
    credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY },
    maxAttempts: 3,
  });
  try {
    const output = await client.send(new Command(JSON.parse(input || "{}")));
    delete output.$metadata;
    process.stdout.write(JSON.stringify({ ok: output }) + "\n");
  } catch (e) {
    process.stdout.write(JSON.stringify({
      error: {
        name: e.name,
        message: e.message,
        fault: e.$fault,
        status: e.$metadata && e.$metadata.httpStatusCode,
        // The SDK's modeled exception classes (ResourceNotFound, ResourceInUse, ...) derive from this.
        instanceOfServiceException: e instanceof sm.SageMakerServiceException,
        modeledClass: typeof sm[e.name] === "function" && e instanceof sm[e.name],
      },
    }) + "\n");
  }
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + "\n");
  process.exit(1);
});
