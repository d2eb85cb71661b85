// Azure Storage's rule: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.
const QUEUE_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/** Returns the name when Azure Storage accepts it as a queue name, else throws saying why. */
export function checkQueueName(name: string): string {
  if (!QUEUE_NAME.test(name)) {
    throw new Error(`'${name}' is not a valid queue name: use 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.`);
  }
  return name;
}

/** Where a queue's messages go after failing `maxDequeueCount` times. */
export function poisonQueueName(name: string): string {
  return `${name}-poison`;
}
