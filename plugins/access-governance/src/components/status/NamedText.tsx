import Typography, { TypographyProps } from '@material-ui/core/Typography';
import { useEntityNames } from '../../hooks';
import { refsIn, withNames } from '../../lib';

/**
 * A text the backend wrote, with the people and groups it names shown by their names; in a
 * Typography of `variant` when one is given.
 */
export const NamedText = ({
  text,
  variant,
}: {
  text: string | null | undefined;
  variant?: TypographyProps['variant'];
}) => {
  const nameOf = useEntityNames(refsIn(text));
  const named = text ? withNames(text, nameOf) : '';
  return variant ? (
    <Typography variant={variant}>{named}</Typography>
  ) : (
    <>{named}</>
  );
};
