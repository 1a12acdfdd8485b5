// Independent S3 client for the upload tests (AWS SDK for JavaScript v3, not the edge's .NET SDK).
//   node s3-client.cjs <endpoint> list <bucket> [prefix]   -> JSON array of { key, size, bytes, sha256, metadata, text (for .json) } on stdout
//   node s3-client.cjs <endpoint> create-bucket <bucket>   -> {"created":"<bucket>"}
// Needs NODE_PATH=<repo>/.cache/npm/node_modules and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment.
"use strict";
const crypto = require("node:crypto");
const { S3Client, ListObjectsV2Command, GetObjectCommand, CreateBucketCommand } = require("@aws-sdk/client-s3");

async function main() {
  const [endpoint, command, bucket, prefix] = process.argv.slice(2);
  if (!endpoint || !command || !bucket) throw new Error("usage: s3-client.cjs <endpoint> list|create-bucket <bucket> [prefix]");
  const s3 = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID || "S3RVER",
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY || "S3RVER",
    },
    maxAttempts: 5,
  });
  if (command === "create-bucket") {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    process.stdout.write(JSON.stringify({ created: bucket }) + "\n");
    return;
  }
  if (command !== "list") throw new Error(`unknown command ${command}`);

  const keys = [];
  let token;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token, MaxKeys: 1000 }));
    for (const o of page.Contents || []) keys.push({ key: o.Key, size: o.Size });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);

  // Read every object's bytes and hash them, a few at a time.
  let next = 0;
  async function worker() {
    while (next < keys.length) {
      const entry = keys[next++];
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: entry.key }));
      const bytes = Buffer.from(await got.Body.transformToByteArray());
      entry.bytes = bytes.length;
      entry.sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
      entry.metadata = got.Metadata || {}; // user metadata, names without x-amz-meta-
      if (entry.key.endsWith(".json")) entry.text = bytes.toString("utf8"); // sidecars: the test parses them
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker));
  process.stdout.write(JSON.stringify(keys) + "\n");
}

main().catch((e) => {
  process.stderr.write(`s3-client: ${e && e.name}: ${e && e.message}\n${e && e.stack}\n`);
  process.exit(1);
});
