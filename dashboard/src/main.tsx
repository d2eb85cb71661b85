import { render } from 'preact';
import { EntitiesPage } from './pages/EntitiesPage';
import { FunctionsPage } from './pages/FunctionsPage';
import { InstancePage } from './pages/InstancePage';
import { InstancesPage } from './pages/InstancesPage';
import { href, useRoute } from './route';

const PAGES = [
  ['instances', 'Instances'],
  ['entities', 'Entities'],
  ['functions', 'Functions'],
] as const;

function App() {
  const route = useRoute();
  const [section = 'instances', id] = route.path;
  return (
    <>
      <header class="top">
        <span class="brand">Durable Functions</span>
        <nav>
          {PAGES.map(([path, label]) => (
            <a key={path} href={href([path])} class={section === path ? 'current' : ''}>
              {label}
            </a>
          ))}
        </nav>
        <span class="muted where">{location.host}</span>
      </header>
      <main>
        {section === 'instances' && id !== undefined ? <InstancePage instanceId={id} /> : null}
        {section === 'instances' && id === undefined ? <InstancesPage route={route} /> : null}
        {section === 'entities' ? <EntitiesPage route={route} /> : null}
        {section === 'functions' ? <FunctionsPage /> : null}
        {!PAGES.some(([path]) => path === section) ? <p class="problem">No such page: #{route.path.join('/')}</p> : null}
      </main>
    </>
  );
}

const root = document.getElementById('app')!;
// The loading note is replaced, not kept beside the app.
root.textContent = '';
render(<App />, root);
