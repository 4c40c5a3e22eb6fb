const { TestEnvironment } = require('jest-environment-node');

/**
 * Node's test environment, which also tells the test file whether the test running now has
 * failed (`globalThis.testFailed`), for the afterEach hooks that describe what a failed test left
 * behind: the portal's pages say what they were showing (`Portal.closePages`).
 */
class E2eEnvironment extends TestEnvironment {
  handleTestEvent(event) {
    if (event.name === 'test_start') this.global.testFailed = false;
    if (event.name === 'test_fn_failure') this.global.testFailed = true;
  }
}

module.exports = E2eEnvironment;
