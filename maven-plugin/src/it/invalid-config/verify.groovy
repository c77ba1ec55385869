def log = new File(basedir, 'build.log').text
assert log.contains("invalid eigengrad configuration:")
assert log.contains("rule 1 (com.example.Fast): method: unknown 'fastest'; use analytic, power-iteration or adaptive")
assert log.contains("rule 2 (com.example.Tiny): size: must be 2, 3, 4 or general, got '1'")
assert log.contains("rule 3 (com.example.Fast): className: duplicate of rule 1")
assert !new File(basedir, 'target/generated-sources/eigengrad').exists()
return true
