// Reads a JSON list of connect.yaml texts on stdin; prints, as JSON, one verdict per text from the
// parser of @commercetools-connect/specification (the one the Connect CLI runs):
// {"valid": true} or {"valid": false, "message": "..."}; a parser that throws anything other than its
// own parse error (or the yaml package's alias guard) gives {"valid": false, "crash": "..."}.
import {
  ConnectorSpecificationParseError,
  ConnectorSpecificationParser,
} from "@commercetools-connect/specification";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const texts = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const parser = new ConnectorSpecificationParser();
// The yaml package warns about unresolved tags (!name), which it reads as plain values; the verdict counts.
process.emitWarning = () => {};
console.warn = () => {};
const verdicts = [];
for (const text of texts) {
  try {
    await parser.parse(text);
    verdicts.push({ valid: true });
  } catch (error) {
    // The yaml package's guard against alias expansion throws a ReferenceError past the parser.
    const aliasGuard = error instanceof ReferenceError && /alias/i.test(error.message);
    if (error instanceof ConnectorSpecificationParseError || aliasGuard) {
      verdicts.push({ valid: false, message: error.message });
    } else {
      verdicts.push({ valid: false, crash: String(error && error.stack ? error.stack : error) });
    }
  }
}
process.stdout.write(JSON.stringify(verdicts));
