import { purgeTimer } from '../../src/extension';

// Every night at 02:00 (the host's time zone; WEBSITE_TIME_ZONE sets it): purge the history of
// Completed, Failed and Terminated instances created more than 30 days before; running ones stay.
purgeTimer('DailyCleanup', { schedule: '0 0 2 * * *', olderThan: '30d' });
