// Re-signs a recorded HTTP request with an implementation that shares nothing with ours: @smithy/signature-v4
// (the AWS SDK for JavaScript's signer) over @aws-crypto/sha256-js. Reads one JSON object on stdin:
//   { method, path, query, headers: [[name, value]...], bodyBase64, accessKeyId, secretAccessKey, region, service }
// where headers are the ones the request signed. Prints { authorization, payloadHash } on stdout.
// The signing date is the request's own x-amz-date; the payload hash is computed here from the body, never
// taken from the request's x-amz-content-sha256.
const { SignatureV4 } = require("@smithy/signature-v4");
const { Sha256 } = require("@aws-crypto/sha256-js");

async function main() {
  const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const body = Buffer.from(input.bodyBase64, "base64");
  const hash = new Sha256();
  hash.update(body);
  const payloadHash = Buffer.from(await hash.digest()).toString("hex");

  const headers = {};
  let amzDate;
  for (const [name, value] of input.headers) {
    const lower = name.toLowerCase();
    if (lower === "x-amz-date") { amzDate = value; continue; }  // the signer writes it from signingDate
    if (lower === "authorization") continue;
    headers[lower] = lower === "x-amz-content-sha256" ? payloadHash : value;
  }
  if (!amzDate) throw new Error("the request has no x-amz-date");
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  const signingDate = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));

  const query = {};
  for (const [k, v] of new URLSearchParams(input.query || "")) query[k] = v;
  const signer = new SignatureV4({
    credentials: { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey },
    region: input.region,
    service: input.service,
    sha256: Sha256,
    uriEscapePath: true,
  });
  const signed = await signer.sign(
    { method: input.method, protocol: "http:", hostname: headers.host, path: input.path, query, headers, body },
    { signingDate });
  process.stdout.write(JSON.stringify({ authorization: signed.headers.authorization, payloadHash }));
}

main().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
