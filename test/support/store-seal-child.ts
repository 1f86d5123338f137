// Child process for the secret-key race test: creates (or joins) the data dir's key and
// prints a sealed value, so the parent can check every racer ended up with the same key.
import { createFileSecretBox } from '../../local-gateway/store/secret-box.js';

const [dataDir, plain] = process.argv.slice(2) as [string, string];
process.stdout.write(createFileSecretBox(dataDir).seal(plain));
