// The Node test environment, plus one duty: at the end of each test file, after its own afterAll
// hooks have stopped the hosts and emulators using them, remove the temp folders that tempDir() made.
'use strict';
const fs = require('node:fs');
const { TestEnvironment } = require('jest-environment-node');

class TempDirCleanupEnvironment extends TestEnvironment {
  async teardown() {
    for (const dir of this.global.__testTempDirs ?? []) {
      try {
        fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      } catch (error) {
        process.stderr.write(`Could not remove the test folder ${dir}: ${error.message}\n`);
      }
    }
    await super.teardown();
  }
}

module.exports = TempDirCleanupEnvironment;
