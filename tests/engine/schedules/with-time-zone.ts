// Runs a test body in a given time zone: schedules are local time, so due-time tests pin the zone
// (whatever the user's TZ) and put the previous one back, since all test files share one process.

export async function withTimeZone<T>(tz: string, fn: () => T | Promise<T>): Promise<T> {
  const before = process.env.TZ;
  process.env.TZ = tz;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}
