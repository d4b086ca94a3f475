"""RDF mapping: vocabulary constants, IRI minting, records and entities to quads."""
