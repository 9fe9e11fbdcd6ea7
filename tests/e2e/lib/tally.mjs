// One line per check ("ok   group name: detail" or "FAIL group name:
// problems"), and a closing count: the output every test runner of
// tests/e2e and tests/probe prints, and the "FAIL " that CTest looks for.
export class Tally {
  constructor(group) { this.group = group; this.passed = 0; this.failed = 0; }
  record(name, problems, detail = '') {
    if (problems.length === 0) {
      this.passed++;
      console.log(`ok   ${this.group} ${name}${detail ? `: ${detail}` : ''}`);
    } else {
      this.failed++;
      console.log(`FAIL ${this.group} ${name}: ${problems.join('; ')}`);
    }
  }
  line() { return `${this.group}: ${this.passed} passed, ${this.failed} failed`; }
}
