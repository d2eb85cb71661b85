import type { Page } from 'playwright-core';
import { type TestBrowser, openBrowser } from '../support/browser';
import { type HostProcess, request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';

// The dashboard in a real browser (Debian's Chromium driven by playwright-core), on the order platform
// served by durable-host as `npm start` serves it.

const order = (orderId: string, amount: number) => ({ orderId, customerId: 'c-7', items: [{ productId: 'p-1', quantity: 1, price: amount }], amount });

/** The text of the page's element, once it shows `wanted`. */
async function waitForText(page: Page, selector: string, wanted: string | RegExp, timeout = 15_000): Promise<string> {
  const locator = page.locator(selector).first();
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.textContent({ timeout: 1000 }).catch(() => null)) ?? '';
    if (typeof wanted === 'string' ? text.includes(wanted) : wanted.test(text)) return text;
    await page.waitForTimeout(100);
  }
  throw new Error(`'${selector}' did not show ${wanted} within ${timeout} ms; it shows: ${text}`);
}

describe('the dashboard in Chromium', () => {
  let host: HostProcess;
  let browser: TestBrowser;
  let dashboard: string;

  beforeAll(async () => {
    host = await startHostProcess({ dataDir: tempDir('dashboard-') });
    dashboard = `${host.url}/runtime/webhooks/durabletask/dashboard/`;
    const api = `${host.url}/api`;
    for (const [id, amount] of [['order-1001', 40], ['order-1002', 125], ['order-1003', 80]] as const) {
      expect((await request(`${api}/orchestrators/OrderProcessingOrchestration?instanceId=${id}`, { body: order(id, amount) })).status).toBe(202);
    }
    expect((await request(`${api}/orchestrators/OrderProcessingOrchestration?instanceId=order-big-7`, { body: order('order-big-7', 25_000) })).status).toBe(202);
    expect((await request(`${api}/orchestrators/ReliableOrchestration`, { body: { key: 'dashboard', failuresBeforeSuccess: 1 } })).status).toBe(202);
    for (const id of ['order-1001', 'order-1002', 'order-1003']) await waitForRuntimeStatus(host.url, id, ['Completed']);
    await waitForRuntimeStatus(host.url, 'order-big-7', ['Running']);
    browser = await openBrowser('dashboard');
  });

  afterAll(async () => {
    await browser?.close();
    expect(await host.stop()).toBe(0);
  });

  test('the instances page lists every instance with counts by status, and its filters narrow the list', async () => {
    const { page } = browser;
    await page.goto(dashboard);
    await waitForText(page, '[data-testid=counts] [data-status=Completed] .count-n', /^[34]$/);
    await waitForText(page, '[data-testid=counts] [data-status=Running] .count-n', /^[12]$/);
    const ids = await page.locator('[data-testid=instances] tbody tr[data-instance]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-instance')));
    expect(ids).toEqual(expect.arrayContaining(['order-1001', 'order-1002', 'order-1003', 'order-big-7']));
    await browser.screenshot('instances');

    // Running orders whose id starts with "order-": only the one waiting for approval.
    await page.locator('.status-filter input[value=Running]').check();
    await page.locator('input[name=prefix]').fill('order-');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // Run in the page (strings: the tests are compiled without the DOM's types).
    await page.waitForFunction("location.hash.includes('status=Running') && location.hash.includes('prefix=order-')");
    await page.waitForFunction("[...document.querySelectorAll('[data-testid=instances] tbody tr[data-instance]')].map((r) => r.getAttribute('data-instance')).join() === 'order-big-7'");
    await waitForText(page, '[data-testid=counts] [data-status=Completed] .count-n', '3');
    await browser.screenshot('instances-filtered');

    // Pages of two (the size is kept in the URL), read with the API's continuation token.
    await page.goto(`${dashboard}#/instances?size=2`);
    const rowIds = () => page.locator('[data-testid=instances] tbody tr[data-instance]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-instance')!));
    await page.locator('[data-testid=instances] tbody tr[data-instance]').nth(1).waitFor();
    const first = await rowIds();
    expect(first).toHaveLength(2);
    await page.getByRole('button', { name: 'Next page' }).click();
    await waitForText(page, '.pager span', 'Page 2');
    await page.waitForFunction(`!${JSON.stringify(first)}.includes(document.querySelector('[data-testid=instances] tbody tr[data-instance]')?.getAttribute('data-instance'))`);
    const second = await rowIds();
    expect(second.some((id) => first.includes(id))).toBe(false);
    await page.getByRole('button', { name: 'Previous' }).click();
    await waitForText(page, '.pager span', 'Page 1');
    await page.waitForFunction(`document.querySelector('[data-testid=instances] tbody tr[data-instance]')?.getAttribute('data-instance') === ${JSON.stringify(first[0])}`);
    await page.goto(`${dashboard}#/instances?status=Running&prefix=order-`);
    await page.waitForFunction("[...document.querySelectorAll('[data-testid=instances] tbody tr[data-instance]')].map((r) => r.getAttribute('data-instance')).join() === 'order-big-7'");

    // The name is matched in the page: no HelloSequence here.
    await page.locator('input[name=name]').fill('NoSuchOrchestration');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await waitForText(page, '[data-testid=instances] tbody', 'No instance matches.');
  });

  test('an instance waiting for approval shows its timeline; raising the event from the page completes it', async () => {
    const { page } = browser;
    await page.goto(`${dashboard}#/instances?status=Running`);
    await page.getByRole('link', { name: 'order-big-7' }).click();
    await waitForText(page, '[data-testid=instance-id]', 'order-big-7');
    await waitForText(page, '.instance-title .badge', 'Running');
    await waitForText(page, '[data-testid=json-custom-status]', '"stage": "AwaitingApproval"');
    // The timeline: the validation activity done, the approval timer still open (due in 72 h).
    await page.locator('[data-testid=timeline] .timeline-row[data-kind=activity][data-state=completed]').first().waitFor();
    const timer = page.locator('[data-testid=timeline] .timeline-row[data-kind=timer]');
    expect(await timer.getAttribute('data-state')).toBe('open');
    expect(await timer.textContent()).toMatch(/waiting, due \d{4}-\d\d-\d\d/);
    expect(await page.locator('[data-testid=timeline] .timeline-row[data-kind=activity]').first().textContent()).toContain('ValidateOrderActivity');
    expect(await page.locator('[data-testid=history]').textContent()).toContain('TimerCreated');
    await browser.screenshot('instance-waiting');

    await page.getByRole('button', { name: 'Raise event' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name=event]').fill('ApprovalReceived');
    await dialog.locator('textarea[name=data]').fill('{"approved": tru');
    await waitForText(page, '.dialog .problem', 'Not JSON');
    expect(await dialog.getByRole('button', { name: 'Raise event' }).isDisabled()).toBe(true);
    await dialog.locator('textarea[name=data]').fill('{"approved": true}');
    await browser.screenshot('raise-event-dialog');
    await dialog.getByRole('button', { name: 'Raise event' }).click();
    await waitForText(page, '[data-testid=answer]', "Raise 'ApprovalReceived': HTTP 202 Accepted");

    await waitForText(page, '.instance-title .badge', 'Completed');
    await waitForText(page, '[data-testid=json-output]', '"status": "Completed"');
    await page.locator('[data-testid=timeline] .timeline-row[data-kind=event]').waitFor();
    expect(await page.locator('[data-testid=timeline] .timeline-row[data-kind=timer]').getAttribute('data-state')).toBe('cancelled');
    expect(await page.locator('[data-testid=timeline] .timeline-row[data-kind=activity][data-state=completed]').count()).toBe(3);
    await browser.screenshot('instance-completed');
    const status = await request(`${host.url}/runtime/webhooks/durabletask/instances/order-big-7`);
    expect(status.body).toMatchObject({ runtimeStatus: 'Completed', output: { orderId: 'order-big-7', status: 'Completed' } });
  });

  test('an action asks first, can be cancelled, and shows what the API answered', async () => {
    const { page } = browser;
    await page.goto(`${dashboard}#/instances/order-1001`);
    await waitForText(page, '.instance-title .badge', 'Completed');
    expect(await page.getByRole('button', { name: 'Terminate' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Restart' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Restart' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Restart' }).click();
    await waitForText(page, '[data-testid=answer]', 'Restart: HTTP 202 Accepted');
    const newId = (await page.locator('.actions a').textContent())!;
    await waitForRuntimeStatus(host.url, newId, ['Completed']);

    await page.getByRole('button', { name: 'Purge' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Purge' }).click();
    await waitForText(page, '.problem', "No instance with id 'order-1001' exists");
    expect((await request(`${host.url}/runtime/webhooks/durabletask/instances/order-1001`)).status).toBe(404);
  });

  test('signalling an entity from the entities page changes its state there', async () => {
    const { page } = browser;
    await page.goto(`${dashboard}#/entities`);
    await page.locator('input[name=open-name]').fill('Counter');
    await page.locator('input[name=open-key]').fill('dashboard-counter');
    await page.getByRole('button', { name: 'Open' }).click();
    await waitForText(page, '[data-testid=entity-panel]', 'does not exist (yet)');
    await page.locator('input[name=operation]').fill('add');
    await page.locator('input[name=input]').fill('5');
    await page.getByRole('button', { name: 'Signal…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Send signal' }).click();
    await waitForText(page, '[data-testid=answer]', "Signal 'add': HTTP 202 Accepted");
    await waitForText(page, '[data-testid=entity-state]', /^5$/);
    await page.locator('input[name=input]').fill('37');
    await page.getByRole('button', { name: 'Signal…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Send signal' }).click();
    await waitForText(page, '[data-testid=entity-state]', /^42$/);
    await waitForText(page, '[data-testid=entities]', 'dashboard-counter');
    await browser.screenshot('entities');
    expect((await request(`${host.url}/runtime/webhooks/durabletask/entities/Counter/dashboard-counter`)).body).toBe(42);
  });

  test('the functions page lists the functions with their triggers', async () => {
    const { page } = browser;
    await page.goto(`${dashboard}#/functions`);
    await waitForText(page, '[data-testid=functions]', 'OrderProcessingOrchestration');
    const rows = await page.locator('[data-testid=functions] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const byName = new Map(rows.map((r) => [r[0], r]));
    expect(byName.get('OrderProcessingOrchestration')?.[1]).toBe('orchestrationTrigger');
    expect(byName.get('Counter')?.[1]).toBe('entityTrigger');
    expect(byName.get('StartOrchestration')?.[3]).toMatch(/\/api\/orchestrators\/\{name\}$/);
    expect(byName.get('QueueTriggeredStarter')?.[1]).toBe('queueTrigger');
    await browser.screenshot('functions');
  });
});
