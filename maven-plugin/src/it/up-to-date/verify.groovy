def log = new File(basedir, 'build.log').text
assert log.count('eigengrad: wrote 1 rule(s)') == 1 : log
assert log.count('eigengrad: 1 rule(s) up to date') == 1 : log
def source = new File(basedir, 'target/generated-sources/eigengrad/com/example/Eigh2.java')
def fingerprint = new File(basedir, 'target/generated-sources/eigengrad/.eigengrad-rules')
assert source.isFile() && fingerprint.isFile()
// written once, by the first build: not after the fingerprint of that build
assert source.lastModified() <= fingerprint.lastModified()
return true
