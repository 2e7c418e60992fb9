import { useEntityNames } from '../../hooks';
import { refsIn, withNames } from '../../lib';

/** A text the backend wrote, with the people and groups it names shown by their names. */
export const NamedText = ({ text }: { text: string | null | undefined }) => {
  const nameOf = useEntityNames(refsIn(text));
  return <>{text ? withNames(text, nameOf) : ''}</>;
};
