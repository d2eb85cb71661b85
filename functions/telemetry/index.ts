import { setupTelemetry } from '../../src/extension';

// Application Insights for the whole app when APPLICATIONINSIGHTS_CONNECTION_STRING is set; nothing otherwise.
setupTelemetry();
