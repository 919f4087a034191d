"""Expert consultation: law enforcement asks expert organisations about an object, in a thread."""
