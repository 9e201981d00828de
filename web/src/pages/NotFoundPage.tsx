// Shown for paths the app does not know.
import { Link } from 'react-router-dom';
import { Text, Title2 } from '@fluentui/react-components';

export function NotFoundPage() {
  return (
    <section>
      <Title2 as="h1">Page not found</Title2>
      <Text as="p">
        There is nothing here. <Link to="/">Back to the dashboard</Link>
      </Text>
    </section>
  );
}
