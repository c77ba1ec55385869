// run the consumer as a module: its module path holds its classes and the runtime jar
def repo = new File(basedir, '../../local-repo/io/github/eigengrad/eigengrad-runtime')
def jars = []
repo.eachFileRecurse { f -> if (f.name ==~ /eigengrad-runtime-.*\.jar/ && !f.name.contains('-sources')
        && !f.name.contains('-javadoc') && !f.name.contains('-tests')) { jars << f } }
assert jars.size() == 1 : "runtime jars in the local repository: " + jars
def java = new File(System.getProperty('java.home'), 'bin/java').path
def modulePath = new File(basedir, 'target/classes').path + File.pathSeparator + jars[0].path
def process = [java, '--module-path', modulePath, '-m', 'com.example.consumer/com.example.consumer.Main'].execute()
def out = new StringBuffer()
def err = new StringBuffer()
process.waitForProcessOutput(out, err)
assert process.exitValue() == 0 : err.toString()
assert out.toString().contains('modular pullback ok: com.example.consumer reads io.github.eigengrad.runtime') : out
return true
